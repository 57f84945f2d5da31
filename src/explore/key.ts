/**
 * [EXP-FUNC-STATE-HASHING.1] The canonical text of a configuration: the clock (left out for a
 * timeless model), the fault budgets, each peer's state key with its armed timers (id, delay from
 * now, event), and the messages in flight as a sorted multiset. Under symmetry reduction the text
 * is the smallest over the role-preserving permutations of the peers, so every configuration of
 * one orbit gets the same text.
 */
import { canonicalEncode } from '../core';
import type { ArmedTimer, Configuration } from './configuration';
import type { ExploreModel } from './model';
import type { TimerMode } from './successors';
import type { Permutation } from './symmetry';

export interface Renamer {
  readonly perm: Permutation;
  readonly rename: (text: string) => string;
}

// Peer states and armed timers are shared between a configuration and its successors (a step
// replaces one peer), so their texts are computed once per object.
// Keyed by model too: the text is the model's projection of the state.
const stateTexts = new WeakMap<object, WeakMap<object, string>>();
const eventTexts = new WeakMap<ArmedTimer<unknown>, string>();

function stateText<S>(model: ExploreModel<S, unknown, unknown>, s: S): string {
  if (typeof s !== 'object' || s === null) return model.stateKey(s);
  let texts = stateTexts.get(model);
  if (texts === undefined) {
    texts = new WeakMap();
    stateTexts.set(model, texts);
  }
  let text = texts.get(s);
  if (text === undefined) {
    text = model.stateKey(s);
    texts.set(s, text);
  }
  return text;
}

function eventText(t: ArmedTimer<unknown>): string {
  let text = eventTexts.get(t);
  if (text === undefined) {
    text = `${t.timerId}=${canonicalEncode(t.event)}`;
    eventTexts.set(t, text);
  }
  return text;
}

function timerText<T>(c: Configuration<unknown, unknown, T>, peer: number, keepDue: boolean): string {
  return (c.timers[peer] ?? []).map((t) => `${eventText(t)}@${keepDue ? t.dueMs - c.nowMs : ''}`).join(',');
}

export function configurationKey<S, M, T>(model: ExploreModel<S, M, T>, c: Configuration<S, M, T>, mode: TimerMode, renamers: readonly Renamer[]): string {
  // With timers in any order a timeless model's due times decide nothing.
  const keepDue = !(model.timeless && mode === 'any');
  const head = `${model.timeless ? '' : c.nowMs};${c.budgets.losses};${c.budgets.duplicates}`;
  const blocks = c.peers.map((s, i) => `${stateText(model as ExploreModel<S, unknown, unknown>, s)}|${timerText(c, i, keepDue)}`);
  let best: string | undefined;
  for (const { perm, rename } of renamers) {
    const slots = new Array<string>(blocks.length);
    blocks.forEach((b, i) => {
      slots[perm[i] as number] = rename(b);
    });
    const items = c.inFlight.map((m) => `${perm[m.to]}<${perm[m.from]}:${rename(m.key)}`).sort();
    const text = `${head}\n${slots.join('\n')}\n${items.join('\n')}`;
    if (best === undefined || text < best) best = text;
  }
  return best as string;
}
