/**
 * fast-check arbitraries for fault schedules and positional delivery choices. Everything is plain
 * data that shrinks: fewer faults, earlier times, smaller choices (0 = the unperturbed next event).
 */
import fc from 'fast-check';
import { sortSchedule, type ScheduleItem, type WorldAction } from './schedule';

export type FaultKind = 'partition' | 'heal' | 'crash' | 'restart' | 'setLoss' | 'setDuplication' | 'setLatency' | 'slowPeer';

export interface FaultArbitraryOptions {
  /** Faults happen in [0, untilMs]. */
  readonly untilMs: number;
  readonly maxFaults?: number;
  /** Upper bounds of generated loss and duplication probabilities. */
  readonly maxLoss?: number;
  readonly maxDuplication?: number;
  readonly maxLatencyMs?: number;
  readonly kinds?: readonly FaultKind[];
}

const ALL_KINDS: readonly FaultKind[] = ['partition', 'heal', 'crash', 'restart', 'setLoss', 'setDuplication', 'setLatency', 'slowPeer'];

/** Each peer lands in one of up to three groups; empty groups are left out. */
export function partitionGroupsArb(names: readonly string[]): fc.Arbitrary<string[][]> {
  return fc.array(fc.nat({ max: 2 }), { minLength: names.length, maxLength: names.length }).map((assignment) => {
    const groups: string[][] = [[], [], []];
    assignment.forEach((g, i) => groups[g]?.push(names[i] as string));
    return groups.filter((g) => g.length > 0);
  });
}

function probabilityArb(max: number): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: Math.round(max * 100) }).map((percent) => percent / 100);
}

function actionOfKind(kind: FaultKind, names: readonly string[], o: FaultArbitraryOptions): fc.Arbitrary<WorldAction> {
  const peer = fc.constantFrom(...names);
  switch (kind) {
    case 'partition':
      return partitionGroupsArb(names).map((groups): WorldAction => ({ kind: 'partition', groups }));
    case 'heal':
      return fc.constant<WorldAction>({ kind: 'heal' });
    case 'crash':
      return peer.map((p): WorldAction => ({ kind: 'crash', peer: p }));
    case 'restart':
      return peer.map((p): WorldAction => ({ kind: 'restart', peer: p }));
    case 'setLoss':
      return probabilityArb(o.maxLoss ?? 0.5).map((p): WorldAction => ({ kind: 'setLoss', probability: p }));
    case 'setDuplication':
      return probabilityArb(o.maxDuplication ?? 0.3).map((p): WorldAction => ({ kind: 'setDuplication', probability: p }));
    case 'setLatency':
      return fc
        .tuple(fc.nat({ max: o.maxLatencyMs ?? 100 }), fc.nat({ max: o.maxLatencyMs ?? 100 }))
        .map(([a, b]): WorldAction => ({ kind: 'setLatency', minMs: Math.min(a, b), maxMs: Math.max(a, b) }));
    case 'slowPeer':
      return fc.tuple(peer, fc.integer({ min: 1, max: 20 })).map(([p, factor]): WorldAction => ({ kind: 'slowPeer', peer: p, factor }));
  }
}

export function faultActionArb(names: readonly string[], options: FaultArbitraryOptions): fc.Arbitrary<WorldAction> {
  if (names.length === 0) throw new RangeError('faultActionArb: no peers');
  return fc.oneof(...(options.kinds ?? ALL_KINDS).map((kind) => actionOfKind(kind, names, options)));
}

/** A fault schedule sorted by time. */
export function faultScheduleArb(names: readonly string[], options: FaultArbitraryOptions): fc.Arbitrary<ScheduleItem[]> {
  const item = fc.record({ atMs: fc.nat({ max: options.untilMs }), action: faultActionArb(names, options) });
  return fc.array(item, { maxLength: options.maxFaults ?? 8 }).map(sortSchedule);
}

/** Positional choices for stepWorldWithChoice / drive: small integers, 0 = normal order. */
export function choicesArb(options: { readonly maxLength?: number; readonly maxValue?: number } = {}): fc.Arbitrary<number[]> {
  return fc.array(fc.nat({ max: options.maxValue ?? 12 }), { maxLength: options.maxLength ?? 200 });
}
