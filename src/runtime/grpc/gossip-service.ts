/**
 * Fabric's `gossip.Gossip` service for @grpc/grpc-js, defined by hand (no .proto loading at run
 * time): `GossipStream(stream Envelope) returns (stream Envelope)` and `Ping(Empty) returns (Empty)`
 * (fabric-protos gossip/message.proto; reference §11.1).
 *
 * Serialisation is protobuf-es's: Ping's Empty goes through toBinary/fromBinary of the generated
 * schema. A GossipStream frame is one marshalled `gossip.Envelope`, produced by the wire codec's
 * encodeEnvelope (toBinary underneath) before it is queued, and handed over as bytes on receipt so
 * that decodeEnvelope (fromBinary plus the model mapping) runs at the edge, inside the connection,
 * where a failure is counted and dropped instead of breaking the stream in the deserialiser
 * ([GEN-FUNC-RUNTIME-DECODE-EDGE.1]).
 */
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { checkServerIdentity as checkServerIdentityOf, type PeerCertificate } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { gossipPb } from '../../wire';

export type Empty = gossipPb.Empty;
export const emptyMessage = (): Empty => create(gossipPb.EmptySchema);

const bytesOut = (frame: Uint8Array): Buffer => Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
const bytesIn = (buf: Buffer): Uint8Array => new Uint8Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
const emptyOut = (m: Empty): Buffer => Buffer.from(toBinary(gossipPb.EmptySchema, m));
/** Total: whatever Ping carries, it is answered (Fabric's Ping ignores its argument). */
const emptyIn = (buf: Buffer): Empty => {
  try {
    return fromBinary(gossipPb.EmptySchema, buf);
  } catch {
    return emptyMessage();
  }
};

export const GOSSIP_SERVICE = {
  GossipStream: {
    path: '/gossip.Gossip/GossipStream',
    requestStream: true,
    responseStream: true,
    requestSerialize: bytesOut,
    requestDeserialize: bytesIn,
    responseSerialize: bytesOut,
    responseDeserialize: bytesIn,
  },
  Ping: {
    path: '/gossip.Gossip/Ping',
    requestStream: false,
    responseStream: false,
    requestSerialize: emptyOut,
    requestDeserialize: emptyIn,
    responseSerialize: emptyOut,
    responseDeserialize: emptyIn,
  },
} as const satisfies grpc.ServiceDefinition;

export type GossipClientStream = grpc.ClientDuplexStream<Uint8Array, Uint8Array>;
export type GossipServerStream = grpc.ServerDuplexStream<Uint8Array, Uint8Array>;

export interface GossipClient extends grpc.Client {
  GossipStream(options?: grpc.CallOptions): GossipClientStream;
  Ping(request: Empty, options: grpc.CallOptions, callback: grpc.requestCallback<Empty>): grpc.ClientUnaryCall;
}

const GossipClientCtor = grpc.makeGenericClientConstructor(GOSSIP_SERVICE, 'gossip.Gossip') as unknown as new (
  address: string,
  credentials: grpc.ChannelCredentials,
  options?: grpc.ChannelOptions,
) => GossipClient;

/**
 * A client on its own channel (a local subchannel pool, so closing it closes its HTTP/2 session:
 * one gRPC connection per gossip connection, as Fabric's createConnection dials one ClientConn).
 */
export function gossipClient(address: string, credentials: grpc.ChannelCredentials, options: grpc.ChannelOptions = {}): GossipClient {
  // A fixed TLS server name: endpoints are often addresses, which SNI may not carry (RFC 6066).
  return new GossipClientCtor(address, credentials, { 'grpc.use_local_subchannel_pool': 1, 'grpc.ssl_target_name_override': 'gossip.peer', ...options });
}

export interface GossipHandlers {
  GossipStream(call: GossipServerStream): void;
  Ping(call: grpc.ServerUnaryCall<Empty, Empty>, callback: grpc.sendUnaryData<Empty>): void;
}

export function addGossipService(server: grpc.Server, handlers: GossipHandlers): void {
  server.addService(GOSSIP_SERVICE, handlers as unknown as grpc.UntypedServiceImplementation);
}

/**
 * Fabric's gossip server TLS as `VerifyClientCertIfGiven` (peer.tls.clientAuthRequired false, the
 * default): the server asks for a client certificate but does not fail the TLS handshake without a
 * good one; a connection whose client certificate is missing or does not chain to a trusted TLS CA
 * carries no authenticated certificate (grpc-js's auth context is empty), and the gossip handshake
 * refuses it with "no TLS certificate" ([GEN-FUNC-RUNTIME-TLS-REFUSALS.1]).
 */
export class GossipServerCredentials extends grpc.ServerCredentials {
  constructor(rootsPem: string, keyPem: string, certPem: string) {
    super({ requestCert: true, rejectUnauthorized: false }, { ca: Buffer.from(rootsPem), key: Buffer.from(keyPem), cert: Buffer.from(certPem) });
  }
  _equals(other: grpc.ServerCredentials): boolean {
    return other === this;
  }
}

/**
 * The client side: the server's certificate must chain to a trusted TLS CA and name the host we
 * dialled in its subject alternative names, as Go's TLS checks when Fabric's gossip dials with
 * `credentials.NewTLS` and no ServerName (grpc-go takes the dialled host): a DNS name for a host
 * name, an IP address for an address ([GEN-FUNC-RUNTIME-TLS-HOSTNAME.1]). The check is Node's
 * `checkServerIdentity` against the dialled host (the TLS server name sent, SNI, is fixed: an
 * address may not be one); a mismatch is reported to `onHostMismatch` and fails the TLS session.
 * `ownCert` null presents no client certificate (a test of the server's refusal).
 */
export function gossipChannelCredentials(
  rootsPem: string,
  ownCert: { readonly keyPem: string; readonly certPem: string } | null,
  dialledHost: string,
  onHostMismatch: (error: Error) => void,
): grpc.ChannelCredentials {
  const checkServerIdentity = (_sentName: string, cert: PeerCertificate): Error | undefined => {
    const error = checkServerIdentityOf(dialledHost, cert);
    if (error !== undefined) onHostMismatch(error);
    return error;
  };
  return ownCert === null
    ? grpc.credentials.createSsl(Buffer.from(rootsPem), null, null, { checkServerIdentity })
    : grpc.credentials.createSsl(Buffer.from(rootsPem), Buffer.from(ownCert.keyPem), Buffer.from(ownCert.certPem), { checkServerIdentity });
}

/** The host of a `host:port` endpoint (brackets of an IPv6 address removed). */
export function hostOfEndpoint(endpoint: string): string {
  const i = endpoint.lastIndexOf(':');
  const host = i < 0 ? endpoint : endpoint.slice(0, i);
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
