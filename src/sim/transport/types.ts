/**
 * The simulator's authenticated transport ([SIM-FUNC-TRANSPORT.1]): when a world is given the
 * crypto suite and every peer's signing key, dials and connections run Fabric's comm handshake
 * (src/security's chart, both ends) instead of answering from the directory. TLS certificates are
 * opaque strings per peer, hashed with the suite's hash ([SEC-ASM-TLS-HASH-SEEN.1]).
 */
import type { CryptoSuite, SigningKey } from '../../core';
import type { HandshakeParams } from '../../security';

/**
 * How a peer misbehaves in the handshake ([SIM-FUNC-HANDSHAKE-ADVERSARY.1]), for tests and a
 * Byzantine model. Each applies whenever the peer is either end of a handshake.
 *  - `badSignature`: its key does not match its identity (it signs with a key that is not the identity's);
 *  - `impersonate`: its ConnEstablish carries its own PKI-ID with another peer's identity, signed with its own key;
 *  - `relay`: it replays the ConnEstablish another peer signed (that peer's PKI-ID, identity and TLS cert hash)
 *    on its own TLS connection;
 *  - `noTlsCert`: it presents no TLS certificate.
 */
export type HandshakeAdversary =
  | { readonly kind: 'badSignature' }
  | { readonly kind: 'impersonate'; readonly victim: string }
  | { readonly kind: 'relay'; readonly of: string }
  | { readonly kind: 'noTlsCert' };

/** What createWorld takes to turn the handshake on. */
export interface TransportOptions {
  readonly crypto: CryptoSuite;
  /** Every peer's own key, by peer name; its identity must be the peer's spec identity. */
  readonly keys: Readonly<Record<string, SigningKey>>;
  /** Each peer's TLS certificate, an opaque string; default `tls:<name>:<seed>`. */
  readonly tlsCerts?: Readonly<Record<string, string>>;
  /** peer.tls.enabled for every peer; default true (the First Network runs with TLS). */
  readonly tlsEnabled?: boolean;
  /** peer.gossip.connTimeout; default 2000 ms ([SEC-PARAM-HANDSHAKE.1]). */
  readonly connTimeoutMs?: number;
  /** Misbehaving peers by name (default none). */
  readonly adversaries?: Readonly<Record<string, HandshakeAdversary>>;
  /**
   * Report failed sends to the sender as `presumedDead` host inputs, as Fabric's comm does
   * ([SIM-FUNC-PRESUMED-DEAD.2]); default true, as Fabric's comm always reports them.
   */
  readonly presumedDead?: boolean;
}

/** The resolved transport, by peer index; fixed for a world unless an adversary setting changes. */
export interface Transport {
  readonly crypto: CryptoSuite;
  readonly params: HandshakeParams;
  readonly keys: readonly SigningKey[];
  /** The hash of each peer's TLS certificate (crypto.hash of the certificate string). */
  readonly tlsCertHashes: readonly string[];
  /** Adversary settings by peer index (absent: honest), with names resolved to indices. */
  readonly adversaries: ReadonlyMap<number, ResolvedAdversary>;
  /** [SIM-FUNC-PRESUMED-DEAD.2] failed sends are reported to their senders. */
  readonly presumedDead: boolean;
}

export type ResolvedAdversary =
  | { readonly kind: 'badSignature' }
  | { readonly kind: 'impersonate'; readonly victim: number }
  | { readonly kind: 'relay'; readonly of: number }
  | { readonly kind: 'noTlsCert' };

/** What one end's chart decided, and when (ms after the handshake began). */
export type SideVerdict =
  | { readonly ok: true; readonly pkiId: string; readonly identity: string; readonly register: boolean; readonly atMs: number; readonly identitySwitchFrom?: string }
  | { readonly ok: false; readonly reason: string; readonly chart: boolean; readonly atMs: number };

export interface PairOutcome {
  readonly dialer: SideVerdict;
  readonly acceptor: SideVerdict;
}

/**
 * One connection between two peers as the transport opened it ([SIM-FUNC-CONNECTION-HANDSHAKE.1]):
 * valid while both ends keep the incarnations it was opened with. Stored on both ends' slots.
 */
export interface ConnectionRecord {
  readonly dialer: number;
  readonly acceptor: number;
  readonly dialerIncarnation: number;
  readonly acceptorIncarnation: number;
  /** Open when both ends authenticated each other; then who each end authenticated. */
  readonly open: boolean;
  /** By peer index: the PKI-ID and identity that end authenticated the other as. */
  readonly authenticatedBy: ReadonlyMap<number, { readonly pkiId: string; readonly identity: string }>;
  /** The refusals, by the end that refused. */
  readonly refusals: readonly { readonly by: number; readonly reason: string }[];
}
