/**
 * Swarm faults: a fault schedule drawn from one integer seed (its own PRNG stream, so the same
 * seed also fixes the network's draws without the two disturbing each other). For long VOPR-style
 * runs where fast-check's shrinking is not needed; a failure is reproduced from the seed alone.
 */
import { forkPrng, nextFloat, nextInt, type Prng } from '../core';
import type { ScheduleItem, WorldAction } from './schedule';

export interface SwarmOptions {
  readonly untilMs: number;
  readonly faultCount: number;
  readonly maxLoss?: number;
  readonly maxDuplication?: number;
}

function pickName(prng: Prng, names: readonly string[]): [string, Prng] {
  const [i, next] = nextInt(prng, 0, names.length - 1);
  return [names[i] as string, next];
}

function drawGroups(prng: Prng, names: readonly string[]): [string[][], Prng] {
  const groups: string[][] = [[], []];
  let p = prng;
  for (const name of names) {
    const [g, next] = nextInt(p, 0, 1);
    p = next;
    groups[g]?.push(name);
  }
  return [groups.filter((g) => g.length > 0), p];
}

function drawAction(prng: Prng, names: readonly string[], o: SwarmOptions): [WorldAction, Prng] {
  const [kind, p] = nextInt(prng, 0, 5);
  if (kind === 0) {
    const [groups, next] = drawGroups(p, names);
    return [{ kind: 'partition', groups }, next];
  }
  if (kind === 1) return [{ kind: 'heal' }, p];
  if (kind === 2 || kind === 3) {
    const [peer, next] = pickName(p, names);
    return [{ kind: kind === 2 ? 'crash' : 'restart', peer }, next];
  }
  const [x, next] = nextFloat(p);
  const probability = Math.round(x * (kind === 4 ? (o.maxLoss ?? 0.3) : (o.maxDuplication ?? 0.2)) * 100) / 100;
  return [kind === 4 ? { kind: 'setLoss', probability } : { kind: 'setDuplication', probability }, next];
}

/** [SIM-FUNC-DETERMINISM.1] The schedule is a function of the seed, drawn from its own stream. */
export function swarmSchedule(seed: number, names: readonly string[], options: SwarmOptions): ScheduleItem[] {
  if (names.length === 0) return [];
  let prng = forkPrng(seed, 'sim/faults');
  const items: ScheduleItem[] = [];
  for (let i = 0; i < options.faultCount; i++) {
    const [atMs, p1] = nextInt(prng, 0, options.untilMs);
    const [action, p2] = drawAction(p1, names, options);
    prng = p2;
    items.push({ atMs, action });
  }
  return items.sort((a, b) => a.atMs - b.atMs);
}
