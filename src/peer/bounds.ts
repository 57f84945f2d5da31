/** Liveness bounds of the composed peer, derived from Fabric configuration. */
import { aliveExpirationCheckIntervalMs, type GossipConfig } from '../config';
import { oneLeaderBoundMs } from '../election';
import { electionParamsOf } from './params';

/**
 * M of [PEER-LIVE-ONE-LEADER-PER-ORG.1]: after faults stop, how long membership may take to show
 * every peer its whole org again (a dead member is noticed, reconnected, and synced).
 */
export function membershipRecoveryBoundMs(c: GossipConfig): number {
  return c.aliveExpirationTimeoutMs + aliveExpirationCheckIntervalMs(c) + 2 * c.reconnectIntervalMs + c.dialTimeoutMs + 2 * c.pullIntervalMs + c.aliveTimeIntervalMs;
}

/**
 * S of [PEER-LIVE-ONE-LEADER-PER-ORG.1]: once membership is whole again, how long StateInfo takes
 * to make the channel views whole ([PEER-FUNC-CHANNEL-VIEW.1]): a peer that (re)joined publishes
 * its StateInfo at its next publish tick (it is dirty from its join), pushed to propagatePeerNum
 * peers and relayed by each; every peer pulls a snapshot from pullPeerNum random channel members
 * every requestStateInfoInterval, and any one snapshot of a peer that has the others' StateInfo
 * completes the view. Two pull rounds after the publish tick, plus the network's delay for the
 * push and the request and answer of each round.
 */
export function stateInfoSpreadBoundMs(c: GossipConfig, maxDelayMs: number): number {
  return c.publishStateInfoIntervalMs + 2 * c.requestStateInfoIntervalMs + 5 * maxDelayMs;
}

/** [PEER-LIVE-ONE-LEADER-PER-ORG.1] M + S + B, with B the election's bound once views are complete. */
export function oneLeaderPerOrgBoundMs(c: GossipConfig, maxDelayMs: number, someoneYielding = false): number {
  return membershipRecoveryBoundMs(c) + stateInfoSpreadBoundMs(c, maxDelayMs) + oneLeaderBoundMs(electionParamsOf(c), maxDelayMs, someoneYielding);
}

/**
 * [PEER-LIVE-LEDGER-CONVERGENCE.1] after faults stop, every live peer of a channel holds the
 * orderer's chain within this bound, provided every block was cut less than maxBlockCountToStore
 * blocks ago (older gaps need state transfer): a leader exists and streams from the orderer (by
 * M + S + B, so the channel views, which block push and pull use, are whole), and a few pull rounds
 * carry the blocks to its org.
 */
export function ledgerConvergenceBoundMs(c: GossipConfig, maxDelayMs: number): number {
  return oneLeaderPerOrgBoundMs(c, maxDelayMs) + 3 * c.pullIntervalMs + c.digestWaitTimeMs + c.responseWaitTimeMs;
}

/**
 * [PEER-LIVE-LEDGER-CATCH-UP.1] after faults stop and the last block is cut, every live peer of a
 * channel with state.enabled holds the orderer's chain of `height` blocks within this bound, whatever
 * its gap: the ledger convergence bound (a leader holds the chain; the window's blocks spread by
 * pull), then S again for the leader's height to reach every StateInfo cache, then
 * [STX-LIVE-CATCH-UP.1] for the whole chain: a checkInterval, a responseTimeout for an attempt
 * already outstanding, and one round trip (two network delays and a ledger read) per batch of
 * batchSize + 1 blocks, plus one.
 */
export function ledgerCatchUpBoundMs(c: GossipConfig, maxDelayMs: number, maxLedgerReadMs: number, height: number): number {
  const batches = Math.ceil(height / (c.state.batchSize + 1)) + 1;
  return ledgerConvergenceBoundMs(c, maxDelayMs) + stateInfoSpreadBoundMs(c, maxDelayMs) + c.state.checkIntervalMs + c.state.responseTimeoutMs + batches * (2 * maxDelayMs + maxLedgerReadMs);
}
