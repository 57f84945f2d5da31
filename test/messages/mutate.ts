/**
 * One-field mutations of valid messages: the copy still decodes but differs in exactly one place
 * (a leaf changed to another valid value, or an optional field removed). Used to show that a
 * signature covers every field.
 */
import fc from 'fast-check';
import type { GossipMessage } from '../../src/messages';
import { ALL_PULL_MSG_TYPES, ALL_TAGS, UINT64_MAX, gossipMessage } from '../../src/messages/arbitraries';
import { setPath } from './examples';

export interface Mutation {
  readonly original: GossipMessage;
  readonly mutated: unknown;
  readonly path: string;
}

const next = <T>(all: readonly T[], v: T): T => all[(all.indexOf(v) + 1) % all.length] as T;

/** Another valid value for the leaf at `key`, or undefined when the field is not a changeable leaf. */
function changed(key: string, v: unknown): { value: unknown } | undefined {
  if (key === '$case') return undefined; // another case would need another body: not a one-field change
  if (typeof v === 'bigint') return { value: v === UINT64_MAX ? v - 1n : v + 1n };
  if (typeof v === 'number') return { value: v === Number.MAX_SAFE_INTEGER ? v - 1 : v + 1 };
  if (typeof v === 'boolean') return { value: !v };
  if (typeof v !== 'string') return undefined;
  if (key === 'tag') return { value: next(ALL_TAGS, v) };
  if (key === 'msgType') return { value: next(ALL_PULL_MSG_TYPES, v) };
  return { value: `${v}x` };
}

/** Every one-field mutation of `v`, as [dotted path, new value (undefined = delete)]. */
function mutationsOf(v: unknown, at: string[] = []): [string, unknown][] {
  const key = at[at.length - 1] ?? '';
  const here: [string, unknown][] = [];
  const leaf = at.length > 0 ? changed(key, v) : undefined;
  if (leaf) here.push([at.join('.'), leaf.value]);
  if (key === 'secretEnvelope' || (key === 'identity' && at[at.length - 2] === 'aliveMsg')) here.push([at.join('.'), undefined]);
  if (Array.isArray(v)) return [...here, ...v.flatMap((x, i) => mutationsOf(x, [...at, String(i)]))];
  if (v !== null && typeof v === 'object') return [...here, ...Object.entries(v).flatMap(([k, x]) => mutationsOf(x, [...at, k]))];
  return here;
}

export function mutatedMessage(messages: fc.Arbitrary<GossipMessage> = gossipMessage()): fc.Arbitrary<Mutation> {
  return messages.chain((original) =>
    fc.constantFrom(...mutationsOf(original)).map(([path, value]) => ({ original, mutated: setPath(original, path, value), path })),
  );
}
