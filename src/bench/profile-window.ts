/**
 * The CPU profile of the throughput network in its steady state: from the world the throughput
 * figure warmed up (the join storm is the 1,000-peer profile's subject), `PROFILED_MS` of virtual
 * time under the sampling profiler.
 */
import type { PeerState } from '../peer';
import type { World } from '../sim';
import { profiled, type ProfileSummary } from './profile';
import { drive } from './network';

const BLOCK_EVERY_MS = 2_000;
export const PROFILED_MS = 6_000;

export async function profileWindow(start: World<PeerState>): Promise<ProfileSummary> {
  const { profile } = await profiled(() => drive(start, { untilMs: start.nowMs + PROFILED_MS, blockEveryMs: BLOCK_EVERY_MS }));
  return profile;
}
