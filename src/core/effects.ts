/**
 * Effects: what a pure step asks its host (simulator, test, networked runtime) to do.
 *
 * ORDERING CONTRACT (the host must honour it; ports must too):
 *  1. The host performs the effects of one step in list order, before it feeds the next input to
 *     the same peer.
 *  2. `deliverToLedger` is performed before any later `send` of the same step: a peer never
 *     advertises (StateInfo height) a block it has not committed (raft's "persist before send").
 *  3. `send` is fire-and-forget and may be lost, delayed, duplicated or reordered by the network;
 *     nothing in a reducer may assume delivery. Recipients are explicit, so every envelope is
 *     visible in a trace.
 *  4. `setTimer` with an id that is already armed replaces it (re-arm); `cancelTimer` of an id that
 *     is not armed is a no-op. A cancelled or replaced timer never fires. The composed peer does
 *     not rely on this: its timer events are tickets checked against what it armed, so a late
 *     fire is a counted no-op (timer-table.ts).
 *  5. A fired timer comes back as exactly one input carrying the timer's `event`, at or after
 *     `delayMs` of virtual time from the step that armed it.
 *  6. `connectOrderer`/`disconnectOrderer` are idempotent; the ordering service streams blocks to
 *     a peer only while it holds a connection for that channel. `connectOrderer.giveUpAfterMs`: the
 *     deliverer gives up after this long without a reachable ordering service (Fabric's
 *     `peer.deliveryclient.reconnectTotalTimeThreshold`, an elected leader); absent = never, a
 *     static leader. Giving up closes the connection (the peer must connect again to get blocks)
 *     and comes back once as an `ordererGaveUp` input (core/host.ts).
 *  7. `log` and `metric` have no effect on the protocol; a host may drop them.
 *  8. `persist` writes one key of the peer's stable storage before anything later in the list;
 *     the storage survives a crash and is handed back when the peer starts again (as its ledger
 *     is); a value of `undefined` deletes the key.
 *  9. `readLedger` is answered exactly once, by one `ledgerRead` input (core/host.ts) with the same
 *     `channel` and `correlation`, holding the blocks numbered in [startSeq, endSeq] (both included)
 *     that the peer's ledger for that channel holds, ascending by seq, possibly fewer or none (no
 *     ledger for the channel, a range past the height, startSeq > endSeq). The answer is a later
 *     input, never part of the step that asked; answers to several reads may come in any order, so
 *     a reducer matches them by `correlation`. A crashed peer gets no answer, and no answer crosses a
 *     restart (as for `handshake`). The reducer never reads a ledger itself: a durable store plugs in
 *     at the host without touching any reducer.
 */
import type { BlockSeq, ChannelId, PkiId } from './ids';

/** Where a message goes: Fabric's RemotePeer (PKI-ID plus the endpoint it is dialled at). */
export interface PeerRef {
  readonly pkiId: PkiId;
  readonly endpoint: string;
}

/** A timer's identity and the input it feeds back when it fires. */
export interface TimerSpec<Ev> {
  readonly timerId: string;
  readonly delayMs: number;
  readonly event: Ev;
}

export type Effect<Msg = unknown, Ev = unknown> =
  | { readonly kind: 'send'; readonly to: readonly PeerRef[]; readonly message: Msg }
  | ({ readonly kind: 'setTimer' } & TimerSpec<Ev>)
  | { readonly kind: 'cancelTimer'; readonly timerId: string }
  /**
   * Dial an endpoint and authenticate it; the answer comes back as a `handshakeResult` input. With
   * no `expectedPkiId` (a bootstrap or anchor endpoint, whoever is there) it is Fabric's
   * `Handshake()`: Ping, then a deep probe. With one (a known member) it is Fabric's
   * `createConnection(endpoint, expectedPKIID)`: a remote that authenticates as another PKI-ID is
   * refused ("authentication failure") unless its org is the org of the identity held for the
   * expected one, which is an identity switch (the answer names `identitySwitchFrom`).
   */
  | { readonly kind: 'handshake'; readonly endpoint: string; readonly attempt: number; readonly expectedPkiId?: PkiId }
  | { readonly kind: 'closeConnection'; readonly pkiId: PkiId }
  /** Stable storage: what a peer must remember across a restart besides its ledger (joined channels). */
  | { readonly kind: 'persist'; readonly key: string; readonly value: unknown }
  /** Read the blocks numbered in [startSeq, endSeq] of the channel's ledger; answered by one `ledgerRead` input (rule 9). */
  | { readonly kind: 'readLedger'; readonly channel: ChannelId; readonly startSeq: BlockSeq; readonly endSeq: BlockSeq; readonly correlation: number }
  | { readonly kind: 'deliverToLedger'; readonly channel: ChannelId; readonly seq: BlockSeq; readonly block: unknown }
  | { readonly kind: 'leadershipChanged'; readonly channel: ChannelId; readonly isLeader: boolean }
  /** Open the channel's block stream; `giveUpAfterMs` absent = never give up (ordering contract rule 6). */
  | { readonly kind: 'connectOrderer'; readonly channel: ChannelId; readonly giveUpAfterMs?: number }
  | { readonly kind: 'disconnectOrderer'; readonly channel: ChannelId }
  | { readonly kind: 'log'; readonly level: 'debug' | 'info' | 'warn'; readonly message: string; readonly fields?: Readonly<Record<string, unknown>> }
  | { readonly kind: 'metric'; readonly name: string; readonly value: number; readonly labels?: Readonly<Record<string, string>> };

export type EffectKind = Effect['kind'];

/** Narrow an effect list to one kind (tests and hosts read effects this way). */
export function effectsOfKind<K extends EffectKind, M, E>(
  effects: readonly Effect<M, E>[],
  kind: K,
): Extract<Effect<M, E>, { kind: K }>[] {
  return effects.filter((e): e is Extract<Effect<M, E>, { kind: K }> => e.kind === kind);
}
