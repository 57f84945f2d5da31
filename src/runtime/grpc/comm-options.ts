/**
 * What the comm layer is built from (comm.ts's `GrpcComm.listen`): the crypto and signing key the
 * handshake uses, the TLS material, where to listen, Fabric's peer.gossip comm settings, and two
 * test hooks. A file of its own because the dialer, the stream handshake and GrpcComm all read it.
 */
import type { CryptoSuite, SigningKey } from '../../core';
import type { Scheduler } from '../clock';
import type { Telemetry } from '../ports';

export interface CommTls {
  /** Every trusted TLS CA, PEM, concatenated. */
  readonly rootsPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

export interface CommOptions {
  readonly crypto: CryptoSuite;
  readonly key: SigningKey;
  readonly tls: CommTls;
  /** Where to listen: host and port (0: a free port, read back from `port`). */
  readonly listenHost: string;
  readonly listenPort: number;
  /** peer.gossip.dialTimeout, connTimeout, sendBuffSize, recvBuffSize. */
  readonly dialTimeoutMs: number;
  readonly connTimeoutMs: number;
  readonly sendBuffSize: number;
  readonly recvBuffSize: number;
  readonly telemetry: Telemetry;
  readonly scheduler?: Scheduler;
  /** Fabric's idMapper.Get: the identity held for a PKI-ID (an identity switch is judged by its org). */
  readonly identityOf?: (pkiId: string) => string | undefined;
  /** Test hook: present this TLS client certificate instead of our own (or none). */
  readonly clientTlsOverride?: { readonly certPem: string; readonly keyPem: string } | null;
  /** Test hook: replace the ConnEstablish TLS hash we send (a relayed or forged binding). */
  readonly forgeOwnTlsHash?: string;
}
