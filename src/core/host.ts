/**
 * The boundary between a peer reducer and its host (the simulator, a test, a networked runtime).
 * A host feeds HostInputs and performs Effects (effects.ts). Inbound payloads are `unknown` on
 * purpose: the peer decodes them with io-ts at its edge, so a host can deliver anything (garbage
 * included) and the peer must count and drop what does not decode.
 */
import type { Effect } from './effects';
import type { PkiId } from './ids';

/** What the connection a message arrived on tells us (Fabric's ConnectionInfo after the handshake). */
export interface ConnectionInfo {
  readonly pkiId: PkiId;
  /** The serialized identity the remote authenticated with in its ConnEstablish. */
  readonly identity: string;
  /** The endpoint the remote is reached at. */
  readonly endpoint: string;
}

export type HandshakeResult =
  | {
      readonly ok: true;
      readonly pkiId: PkiId;
      readonly identity: string;
      /**
       * The dial expected this PKI-ID and a peer of the same org answered as `pkiId` instead
       * (Fabric's comm publishes it on IdentitySwitch()); absent when the expected one answered or
       * none was expected.
       */
      readonly identitySwitchFrom?: PkiId;
    }
  | { readonly ok: false; readonly reason: string };

/** One block of a `ledgerRead` answer: its number and the block as it was committed (`deliverToLedger`). */
export interface LedgerBlock {
  readonly seq: number;
  readonly block: unknown;
}

export type HostInput =
  | { readonly kind: 'receive'; readonly nowMs: number; readonly from: ConnectionInfo; readonly payload: unknown }
  | { readonly kind: 'timer'; readonly nowMs: number; readonly timerId: string; readonly event: unknown }
  | { readonly kind: 'handshakeResult'; readonly nowMs: number; readonly endpoint: string; readonly attempt: number; readonly result: HandshakeResult }
  /** A local command (join channel, yield, stop, ...); decoded by the peer like a message. */
  | { readonly kind: 'command'; readonly nowMs: number; readonly command: unknown }
  /** A block streamed by the ordering service over a connection the peer opened (connectOrderer). */
  | { readonly kind: 'ordererBlock'; readonly nowMs: number; readonly channel: string; readonly seq: number; readonly block: unknown }
  /** The ordering service stream gave up (Fabric: reconnectTotalTimeThreshold exceeded). */
  | { readonly kind: 'ordererGaveUp'; readonly nowMs: number; readonly channel: string }
  /**
   * The answer to a `readLedger` effect (effects.ts rule 9): the blocks of the asked inclusive range
   * that the ledger holds, ascending by seq, possibly fewer or none. Untrusted like every host input.
   */
  | { readonly kind: 'ledgerRead'; readonly nowMs: number; readonly channel: string; readonly correlation: number; readonly blocks: readonly LedgerBlock[] }
  /**
   * Fabric's comm PresumedDead(): a send to this PKI-ID (or a dial expecting it) failed, the
   * connection could not be created or broke. A host MAY report it, any number of times; the peer
   * decodes `pkiId` like every host input.
   */
  | { readonly kind: 'presumedDead'; readonly nowMs: number; readonly pkiId: unknown };

export type HostInputKind = HostInput['kind'];

/** A peer as a host sees it: a pure reducer over host inputs. */
export interface PeerReducer<S> {
  step(state: S, input: HostInput): readonly [S, readonly Effect[]];
}
