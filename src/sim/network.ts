/**
 * The network model: partitions, latency, settings validation. Loss and duplication draws live in
 * routing.ts, where the order of draws per envelope is fixed.
 */
import type { ConnectionInfo } from '../core';
import type { Draft } from './draft';
import type { Directory, NetworkSettings, Partition, PeerSpec } from './world';

/**
 * [SIM-FUNC-PARTITION.1] [GEN-ASM-PARTITIONS.1] Groups of peer names. A peer named in no group belongs to one extra, shared group (so
 * `[['a']]` isolates a from everyone else, and everyone else still talks). A name in two groups,
 * or an unknown name, is a caller error and throws. [SIM-FUNC-ORDERER-PARTITION.1] `ordererGroup`
 * puts the ordering service in one group (`groups.length`: the extra one); undefined leaves it
 * reachable by everyone. Anything but an integer in [0, groups.length] throws.
 */
export function makePartition(directory: Directory, groups: readonly (readonly string[])[], ordererGroup?: number): Partition {
  const rest = groups.length;
  if (ordererGroup !== undefined && !(Number.isInteger(ordererGroup) && ordererGroup >= 0 && ordererGroup <= rest)) {
    throw new RangeError(`partition: the orderer's group must be an integer in [0, ${rest}], got ${ordererGroup}`);
  }
  const groupOf: number[] = directory.specs.map(() => rest);
  groups.forEach((group, g) => {
    for (const name of group) {
      const index = directory.byName.get(name);
      if (index === undefined) throw new RangeError(`partition: unknown peer ${JSON.stringify(name)}`);
      if (groupOf[index] !== rest) throw new RangeError(`partition: peer ${JSON.stringify(name)} is in two groups`);
      groupOf[index] = g;
    }
  });
  return { groups: groups.map((g) => [...g]), groupOf, ordererGroup };
}

export function sameSide(partition: Partition | undefined, a: number, b: number): boolean {
  return partition === undefined || partition.groupOf[a] === partition.groupOf[b];
}

/** [SIM-FUNC-ORDERER-PARTITION.1] Whether the partition leaves the peer on the ordering service's side (always, without one or when it is outside). */
export function onOrdererSide(partition: Partition | undefined, peer: number): boolean {
  return partition === undefined || partition.ordererGroup === undefined || partition.groupOf[peer] === partition.ordererGroup;
}

function slowFactor(settings: NetworkSettings, name: string): number {
  return settings.slowPeers[name] ?? 1;
}

/** [SIM-FUNC-LATENCY.1] Uniform latency in [min, max], scaled by the slower end's factor. Draws exactly one number. */
export function drawLatencyMs<S>(d: Draft<S>, from: number, to: number): number {
  const base = d.drawInt(d.network.minLatencyMs, d.network.maxLatencyMs);
  const factor = Math.max(slowFactor(d.network, d.nameOf(from)), slowFactor(d.network, d.nameOf(to)));
  return factor === 1 ? base : Math.round(base * factor);
}

function checkProbability(name: string, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`network: ${name} must be in [0, 1], got ${p}`);
}

function checkMs(name: string, ms: number): void {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`network: ${name} must be a non-negative integer, got ${ms}`);
}

/** Settings are caller input: nonsense (NaN latency, loss 2) throws rather than corrupting time. */
export function validateNetwork(settings: NetworkSettings, directory: Directory): NetworkSettings {
  checkMs('minLatencyMs', settings.minLatencyMs);
  checkMs('maxLatencyMs', settings.maxLatencyMs);
  checkMs('dialTimeoutMs', settings.dialTimeoutMs);
  checkMs('ordererLatencyMs', settings.ordererLatencyMs);
  if (settings.minLatencyMs > settings.maxLatencyMs) throw new RangeError('network: minLatencyMs > maxLatencyMs');
  checkProbability('lossProbability', settings.lossProbability);
  checkProbability('duplicationProbability', settings.duplicationProbability);
  for (const [name, factor] of Object.entries(settings.slowPeers)) {
    if (!directory.byName.has(name)) throw new RangeError(`network: slowPeers names unknown peer ${JSON.stringify(name)}`);
    if (!(factor >= 1 && Number.isFinite(factor))) throw new RangeError(`network: slow factor of ${name} must be >= 1`);
  }
  return settings;
}

/** What the recipient learns about the sender's connection (the sender's internal endpoint). */
export function connectionInfoOf(spec: PeerSpec): ConnectionInfo {
  return { pkiId: spec.pkiId, identity: spec.identity, endpoint: spec.internalEndpoint };
}

/**
 * What a recipient of another org sees: peers of different orgs reach each other only at external
 * endpoints, so the connection never reveals an internal endpoint across orgs ([SIM-FUNC-CONNECTION-ENDPOINT.1]).
 */
export function foreignConnectionInfoOf(spec: PeerSpec): ConnectionInfo {
  return { pkiId: spec.pkiId, identity: spec.identity, endpoint: spec.externalEndpoint };
}
