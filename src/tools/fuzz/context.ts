/**
 * What every case generator gets: the capture, the pool of realistic replacement values derived
 * from it, and the shared helpers (the clock of an input, connections real and forged, signing keys).
 */
import type { ConnectionInfo, Effect, HostInput, PkiId, SigningKey } from '../../core';
import type { Capture, Snapshot } from './capture';
import type { MutationPool } from '../../messages/mutation/mutate';
import { getAt } from '../../messages/mutation/paths';
import type { Rand } from '../../messages/mutation/rand';
import { oddString } from '../../messages/mutation/values';

/** One fuzz case: inputs fed in order to one snapshot; `followUp` adds inputs made from the first step's effects. */
export interface FuzzCase {
  /** Which generator made it (the run's coverage table). */
  readonly family: string;
  /** What was done to the material (mutation labels, ...), for the failure report. */
  readonly detail: string;
  readonly snapshot: Snapshot;
  readonly inputs: readonly HostInput[];
  readonly followUp?: (firstEffects: readonly Effect[]) => readonly HostInput[];
}

export type CaseBody = Omit<FuzzCase, 'snapshot'>;
export type CaseGenerator = (rand: Rand, ctx: FuzzContext, snap: Snapshot) => CaseBody;

export interface FuzzContext {
  readonly capture: Capture;
  readonly pool: MutationPool;
  readonly keyByPkiId: ReadonlyMap<string, SigningKey>;
}

export function contextOf(capture: Capture): FuzzContext {
  const keys = [...capture.peerKeys.values()];
  const keyByPkiId = new Map(keys.map((k) => [capture.suite.pkiIdOf(k.identity), k] as const));
  const signatures = capture.envelopes.slice(0, 200).flatMap((e) => {
    const s = (e.payload as { signature?: unknown }).signature;
    return typeof s === 'string' && s !== '' ? [s] : [];
  });
  const pool: MutationPool = {
    pkiIds: [...keyByPkiId.keys(), capture.suite.pkiIdOf(capture.ordererKey.identity), 'Org3MSP/peer0.org3'],
    identities: [...keys.map((k) => k.identity), capture.ordererKey.identity, 'Org1MSP\nmallory', 'Org3MSP\npeer0.org3'],
    endpoints: [...capture.endpoints, 'peer9.org1.example.com:7051', ''],
    channels: [capture.channel, 'otherchannel', ''],
    signatures: signatures.length > 0 ? signatures : ['sym:0000000000000000'],
  };
  return { capture, pool, keyByPkiId };
}

/** The host clock of an input: mostly just after the snapshot, sometimes much later (never earlier: host clocks are monotonic). */
export function clockOf(rand: Rand, snap: Snapshot): number {
  const r = rand.int(0, 9);
  if (r < 5) return snap.nowMs + rand.int(0, 50);
  if (r < 9) return snap.nowMs + rand.int(0, 120_000);
  return snap.nowMs + rand.pick([1e9, 1e12, 2 ** 40]);
}

/** A connection claiming to be someone it cannot prove, or someone nobody knows. */
export function forgedConnection(rand: Rand, ctx: FuzzContext): ConnectionInfo {
  return {
    pkiId: (rand.chance(0.6) ? rand.pick(ctx.pool.pkiIds) : oddString(rand)) as PkiId,
    identity: rand.chance(0.7) ? rand.pick(ctx.pool.identities) : oddString(rand),
    endpoint: rand.pick(ctx.pool.endpoints),
  };
}

/** Mostly a real connection of the snapshot peer; sometimes a forged one. */
export function someConnection(rand: Rand, ctx: FuzzContext, snap: Snapshot, preferred?: string): ConnectionInfo {
  const real = preferred === undefined ? undefined : snap.connections.get(preferred);
  const r = rand.int(0, 9);
  if (real !== undefined && r < 8) return real;
  if (r < 9) return rand.pick([...snap.connections.values()]);
  return forgedConnection(rand, ctx);
}

/** The key an envelope's own claims point at (its creator's PKI-ID), else a real peer's. */
export function signerFor(rand: Rand, ctx: FuzzContext, fallback?: string): (env: Record<string, unknown>) => SigningKey {
  const keys = [...ctx.capture.peerKeys.values()];
  const fallbackKey = (fallback === undefined ? undefined : ctx.capture.peerKeys.get(fallback)) ?? rand.pick(keys);
  const anyKey = rand.chance(0.2) ? rand.pick(keys) : undefined;
  return (env) => {
    if (anyKey !== undefined) return anyKey;
    const claimed = creatorOf(env['payload']);
    return (claimed === undefined ? undefined : ctx.keyByPkiId.get(claimed)) ?? fallbackKey;
  };
}

/** The PKI-ID a message says created it (alive membership, leadership, state info), if any. */
function creatorOf(payload: unknown): string | undefined {
  const kase = getAt(payload, ['content', '$case']);
  if (typeof kase !== 'string') return undefined;
  const body = getAt(payload, ['content', kase]);
  const id = getAt(body, ['pkiId']) ?? getAt(body, ['membership', 'pkiId']);
  return typeof id === 'string' ? id : undefined;
}
