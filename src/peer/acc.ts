/**
 * The accumulator of one peer step: the next state and the effects so far, in order. It is created
 * fresh for each step and never escapes it, so mutating it keeps the step pure.
 */
import type { ChannelReducer } from '../channel';
import type { CryptoSuite, Effect, SigningKey } from '../core';
import type { DisseminationPullingFetchingReducer } from '../dissemination';
import type { MembershipReducer } from '../membership';
import type { PullReducer } from '../pull';
import type { IdentityStoreReducer } from '../security/identity';
import type { StateTransferReducer } from '../statetransfer';
import { withPeerState, type PeerState } from './state';

export interface PeerEnv {
  readonly crypto: CryptoSuite;
  readonly key: SigningKey;
  readonly membership: MembershipReducer;
  readonly dissemination: DisseminationPullingFetchingReducer;
  readonly pull: PullReducer;
  readonly identities: IdentityStoreReducer;
  /** The channel subsystem (StateInfo), built with the peer's crypto and key. */
  readonly channel: ChannelReducer;
  /** State transfer of a channel: its VerifyBlock is dissemination's, bound to the channel (same reducer each call). */
  readonly stateTransfer: (channel: string) => StateTransferReducer;
}

export interface Acc {
  readonly env: PeerEnv;
  readonly nowMs: number;
  state: PeerState;
  readonly effects: Effect[];
  /**
   * [PEER-FUNC-IDENTITY-REFUSED-INPUT.1] Set when the identity store refused an identity the input
   * brought: the engine stops, and the step rejects the input whole (nothing of it is kept).
   */
  refusal?: { readonly reason: string; readonly message: string };
}

/** [GEN-FUNC-BAD-INPUT.1] Count a rejected input by reason; the log and metric say which. */
export function countRejection(acc: Acc, reason: string, message: string): void {
  acc.state = withPeerState(acc.state, { rejected: { ...acc.state.rejected, [reason]: (acc.state.rejected[reason] ?? 0) + 1 } });
  acc.effects.push({ kind: 'log', level: 'warn', message, fields: { reason } });
  acc.effects.push({ kind: 'metric', name: 'gossip_rejected_inputs', value: 1, labels: { reason } });
}
