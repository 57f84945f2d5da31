/** What src/messages shares of its protobuf reading and writing (the wire codec and block signing use it). */
export { bytesEqual, latin1Bytes, latin1Text } from './bytes';
export { channelOfTransaction, internalEndpointOfSecret, marshalBlock, marshalGossipMessage, marshalSecret, payloadBytesSay, secretBytesSay } from './marshal';
