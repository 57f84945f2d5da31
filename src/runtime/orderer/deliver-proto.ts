/**
 * Fabric's `orderer.AtomicBroadcast` Deliver RPC for @grpc/grpc-js, by hand like the gossip
 * service: `Deliver(stream common.Envelope) returns (stream DeliverResponse)`. Requests are
 * common.Envelope (src/wire's generated schema) carrying a SeekInfo; responses are DeliverResponse
 * (src/runtime/gen, wire-identical to fabric-protos). Deserialisers are total: a frame that does not
 * parse becomes `undefined`, counted by the receiver, never a broken stream.
 */
import { create, fromBinary, toBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';
import { commonPb } from '../../wire';
import { DeliverResponseSchema, SeekInfo_SeekBehavior, SeekInfoSchema, type DeliverResponse, type SeekInfo } from '../gen/orderer/ab_pb';

const out = <D extends DescMessage>(schema: D) => (m: MessageShape<D>): Buffer => Buffer.from(toBinary(schema, m));
const into = <D extends DescMessage>(schema: D) => (b: Buffer): MessageShape<D> | undefined => {
  try {
    return fromBinary(schema, b);
  } catch {
    return undefined;
  }
};

export const DELIVER_SERVICE = {
  Deliver: {
    path: '/orderer.AtomicBroadcast/Deliver',
    requestStream: true,
    responseStream: true,
    requestSerialize: out(commonPb.EnvelopeSchema),
    requestDeserialize: into(commonPb.EnvelopeSchema),
    responseSerialize: out(DeliverResponseSchema),
    responseDeserialize: into(DeliverResponseSchema),
  },
} as const;

export type DeliverClientStream = grpc.ClientDuplexStream<commonPb.Envelope, DeliverResponse | undefined>;
export type DeliverServerStream = grpc.ServerDuplexStream<commonPb.Envelope | undefined, DeliverResponse>;

export interface DeliverClient extends grpc.Client {
  Deliver(options?: grpc.CallOptions): DeliverClientStream;
}

const DeliverClientCtor = grpc.makeGenericClientConstructor(DELIVER_SERVICE as unknown as grpc.ServiceDefinition, 'orderer.AtomicBroadcast') as unknown as new (
  address: string,
  credentials: grpc.ChannelCredentials,
  options?: grpc.ChannelOptions,
) => DeliverClient;

export function deliverClient(address: string, credentials: grpc.ChannelCredentials): DeliverClient {
  return new DeliverClientCtor(address, credentials, { 'grpc.use_local_subchannel_pool': 1, 'grpc.ssl_target_name_override': 'orderer.service', 'grpc.max_receive_message_length': 100 * 1024 * 1024 });
}

export function addDeliverService(server: grpc.Server, deliver: (call: DeliverServerStream) => void): void {
  server.addService(DELIVER_SERVICE as unknown as grpc.ServiceDefinition, { Deliver: deliver } as unknown as grpc.UntypedServiceImplementation);
}

/** Fabric's deliver client request (deliverclient's `seekInfo`): blocks from `fromSeq` on, waiting for new ones. */
export function seekEnvelope(channel: string, fromSeq: number, creator: Uint8Array): commonPb.Envelope {
  const seek: SeekInfo = create(SeekInfoSchema, {
    start: { Type: { case: 'specified', value: { number: BigInt(fromSeq) } } },
    stop: { Type: { case: 'specified', value: { number: 2n ** 64n - 1n } } },
    behavior: SeekInfo_SeekBehavior.BLOCK_UNTIL_READY,
  });
  const channelHeader = create(commonPb.ChannelHeaderSchema, { type: commonPb.HeaderType.DELIVER_SEEK_INFO, channelId: channel });
  const signatureHeader = create(commonPb.SignatureHeaderSchema, { creator });
  const payload = create(commonPb.PayloadSchema, {
    header: { channelHeader: toBinary(commonPb.ChannelHeaderSchema, channelHeader), signatureHeader: toBinary(commonPb.SignatureHeaderSchema, signatureHeader) },
    data: toBinary(SeekInfoSchema, seek),
  });
  return create(commonPb.EnvelopeSchema, { payload: toBinary(commonPb.PayloadSchema, payload) });
}

export type SeekRequest = { readonly channel: string; readonly start: 'oldest' | 'newest' | bigint; readonly stop: 'oldest' | 'newest' | bigint; readonly failIfNotReady: boolean };

/** The server side: what a Deliver request asks for, or why it cannot be read. */
export function readSeek(envelope: commonPb.Envelope | undefined): { ok: true; value: SeekRequest } | { ok: false; reason: string } {
  if (envelope === undefined) return { ok: false, reason: 'request is not a common.Envelope' };
  try {
    const payload = fromBinary(commonPb.PayloadSchema, envelope.payload);
    if (payload.header === undefined) return { ok: false, reason: 'payload has no header' };
    const ch = fromBinary(commonPb.ChannelHeaderSchema, payload.header.channelHeader);
    if (ch.type !== (commonPb.HeaderType.DELIVER_SEEK_INFO as number)) return { ok: false, reason: `header type ${ch.type} is not DELIVER_SEEK_INFO` };
    const seek = fromBinary(SeekInfoSchema, payload.data);
    const pos = (p: SeekInfo['start']): 'oldest' | 'newest' | bigint | undefined =>
      p?.Type.case === 'oldest' ? 'oldest' : p?.Type.case === 'newest' ? 'newest' : p?.Type.case === 'specified' ? p.Type.value.number : undefined;
    const start = pos(seek.start);
    const stop = pos(seek.stop);
    if (start === undefined || stop === undefined) return { ok: false, reason: 'seek position missing or unsupported' };
    return { ok: true, value: { channel: ch.channelId, start, stop, failIfNotReady: seek.behavior === SeekInfo_SeekBehavior.FAIL_IF_NOT_READY } };
  } catch (e) {
    return { ok: false, reason: `malformed seek request: ${String(e)}` };
  }
}
