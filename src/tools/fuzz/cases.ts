/**
 * Case i of seed s: which snapshot, which generator (by weight), and the generator's draws, all
 * from the stream of (s, i) alone, so one case is regenerated without the ones before it.
 */
import { commandCase } from './command-cases';
import type { CaseGenerator, FuzzCase, FuzzContext } from './context';
import { handshakeCase, ledgerReadCase, ordererBlockCase, ordererGaveUpCase, presumedDeadCase } from './host-cases';
import { randFor, weighted } from '../../messages/mutation/rand';
import { garbage, malformed, mutated, replayed, shaped } from './receive-cases';
import { capturedTimer, randomTimer } from './timer-cases';

/** Mutated real envelopes dominate: they get furthest into the peer while still being wrong. */
const GENERATORS: readonly (readonly [number, CaseGenerator])[] = [
  [5, replayed],
  [30, mutated],
  [12, shaped],
  [5, malformed],
  [6, garbage],
  [10, capturedTimer],
  [5, randomTimer],
  [9, commandCase],
  [6, handshakeCase],
  [8, ordererBlockCase],
  [4, ordererGaveUpCase],
  [4, ledgerReadCase],
  [3, presumedDeadCase],
];

export function caseFor(ctx: FuzzContext, seed: number, index: number): FuzzCase {
  const rand = randFor(seed, index);
  const snapshot = rand.pick(ctx.capture.snapshots);
  return { ...weighted(rand, GENERATORS)(rand, ctx, snapshot), snapshot };
}
