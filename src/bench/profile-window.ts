/**
 * The CPU profile of the throughput network in its steady state: warmed up outside the profiler
 * (the join storm is the 1,000-peer profile's subject), then 10 virtual seconds profiled.
 */
import { profiled, type ProfileSummary } from './profile';
import { JOIN_AT_MS, benchNetwork, drive, joinChannel } from './network';
import type { ThroughputOptions } from './throughput';

const BLOCK_EVERY_MS = 2_000;
const PROFILED_MS = 10_000;

export async function profileWindow(o: ThroughputOptions): Promise<ProfileSummary> {
  const net = { seed: 1, orgs: o.orgs, peersPerOrg: o.peersPerOrg };
  let w = drive(benchNetwork(net), { untilMs: JOIN_AT_MS }).world;
  w = drive(joinChannel(w, net), { untilMs: o.warmUpMs, blockEveryMs: BLOCK_EVERY_MS }).world;
  const start = w;
  const { profile } = await profiled(() => drive(start, { untilMs: start.nowMs + PROFILED_MS, blockEveryMs: BLOCK_EVERY_MS }));
  return profile;
}
