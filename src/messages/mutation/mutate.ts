/**
 * Mutations of a captured envelope (or any captured value): one place changed, deleted or retyped
 * at a random path, or one of the fields attackers and bugs touch first rewritten on purpose
 * (content case, signatures, PKI-IDs, PeerTimes stale and future, channels, tags, nonces, sizes).
 * Each mutator returns the new value and a label for the failure report.
 */
import { ALL_TAGS, CONTENT_CASES } from '../arbitraries';
import { DELETE, getAt, pathsEndingIn, pathsOf, setAt, type Path } from './paths';
import type { Rand } from './rand';
import { OVERSIZE_ARRAY_LENGTH, OVERSIZE_STRING, nearby, oddBigInt, oddString, retyped } from './values';

/** What the mutators may put in place of a field: values other peers really use. */
export interface MutationPool {
  readonly pkiIds: readonly string[];
  readonly identities: readonly string[];
  readonly endpoints: readonly string[];
  readonly channels: readonly string[];
  readonly signatures: readonly string[];
}

export interface Mutated {
  readonly value: unknown;
  readonly label: string;
}

type Mutator = (rand: Rand, v: unknown, pool: MutationPool) => Mutated | undefined;

const describe = (path: Path) => path.join('.');

/** Rewrite one field named `key` somewhere in `v` (nested envelopes included). */
function atKey(key: string, replace: (rand: Rand, old: unknown, pool: MutationPool) => unknown): Mutator {
  return (rand, v, pool) => {
    const paths = pathsEndingIn(v, key);
    if (paths.length === 0) return undefined;
    const path = rand.pick(paths);
    return { value: setAt(v, path, replace(rand, getAt(v, path), pool)), label: `${key} at ${describe(path)}` };
  };
}

const anyField: Mutator = (rand, v) => {
  const paths = pathsOf(v);
  if (paths.length === 0) return undefined;
  const [path, old] = rand.pick(paths);
  const how = rand.int(0, 2);
  const value = how === 0 ? nearby(rand, old) : how === 1 ? retyped(rand, old) : DELETE;
  return { value: setAt(v, path, value), label: `${['changed', 'retyped', 'deleted'][how]} ${describe(path)}` };
};

/** The body stays, the case changes: `{ $case: 'hello', aliveMsg: ... }` or the body moved under the new key. */
const swapCase: Mutator = (rand, v) => {
  const paths = pathsEndingIn(v, '$case');
  if (paths.length === 0) return undefined;
  const path = rand.pick(paths);
  const contentPath = path.slice(0, -1);
  const old = String(getAt(v, path));
  const next = rand.pick([...CONTENT_CASES.filter((c) => c !== old), 'privateData', '']);
  const body = getAt(v, [...contentPath, old]);
  const moved = rand.chance(0.5) ? { $case: next, [next]: body } : { $case: next, [old]: body };
  return { value: setAt(v, contentPath, moved), label: `content case ${old} -> ${next} at ${describe(contentPath)}` };
};

const signature = atKey('signature', (rand, old, pool) =>
  rand.pick(['', typeof old === 'string' ? `${old.slice(0, -1)}0` : 'sym:0', rand.pick(pool.signatures), oddString(rand)]),
);

const dropSecret: Mutator = (rand, v) => {
  const paths = pathsEndingIn(v, 'secretEnvelope');
  if (paths.length === 0) return undefined;
  const path = rand.pick(paths);
  return { value: setAt(v, path, DELETE), label: `secretEnvelope removed at ${describe(path)}` };
};

const pkiId = atKey('pkiId', (rand, old, pool) => (rand.chance(0.7) ? rand.pick(pool.pkiIds) : oddString(rand, String(old))));
const identity = atKey('identity', (rand, old, pool) => (rand.chance(0.6) ? rand.pick(pool.identities) : oddString(rand, String(old))));
const endpoint = atKey('endpoint', (rand, old, pool) => (rand.chance(0.6) ? rand.pick(pool.endpoints) : oddString(rand, String(old))));
const channel = atKey('channel', (rand, _old, pool) => (rand.chance(0.6) ? rand.pick(pool.channels) : oddString(rand)));
const tag = atKey('tag', (rand) => (rand.chance(0.8) ? rand.pick(ALL_TAGS) : rand.pick(['NOT_A_TAG', 3, ''])));
const nonce = atKey('nonce', (rand, old) => (typeof old === 'bigint' && rand.chance(0.5) ? oddBigInt(rand, old) : rand.random.nextBigInt(0n, (1n << 64n) - 1n)));

/** Stale (older than what the peer stored), future (far ahead), or torn (one half only). */
const timestamp = atKey('timestamp', (rand, old) => {
  const t = (old ?? {}) as { incNum?: unknown; seqNum?: unknown };
  const inc = typeof t.incNum === 'bigint' ? t.incNum : 0n;
  const seq = typeof t.seqNum === 'bigint' ? t.seqNum : 0n;
  return rand.pick<unknown>([
    { incNum: 0n, seqNum: 0n },
    { incNum: inc, seqNum: seq > 0n ? seq - 1n : 0n },
    { incNum: inc > 0n ? inc - 1n : 0n, seqNum: seq + 1000n },
    { incNum: inc, seqNum: seq + 1n },
    { incNum: inc + 1n, seqNum: 0n },
    { incNum: (1n << 64n) - 1n, seqNum: (1n << 64n) - 1n },
    { incNum: inc, seqNum: (1n << 64n) - 1n },
    { incNum: inc },
    { seqNum: seq, incNum: -1n },
  ]);
});

/** A huge array (an element repeated) or a huge string at a random place. */
const oversize: Mutator = (rand, v) => {
  const paths = pathsOf(v);
  const arrays = paths.filter(([, x]) => Array.isArray(x) && x.length > 0);
  if (arrays.length > 0 && rand.chance(0.5)) {
    const [path, arr] = rand.pick(arrays) as [Path, unknown[]];
    const big = Array.from({ length: OVERSIZE_ARRAY_LENGTH }, (_, i) => arr[i % arr.length]);
    return { value: setAt(v, path, big), label: `array of ${OVERSIZE_ARRAY_LENGTH} at ${describe(path)}` };
  }
  const strings = paths.filter(([, x]) => typeof x === 'string');
  if (strings.length === 0) return undefined;
  const [path] = rand.pick(strings);
  return { value: setAt(v, path, OVERSIZE_STRING), label: `64 KiB string at ${describe(path)}` };
};

/** An extra key the codecs do not know (io-ts t.type lets it through; nothing may trip on it). */
const extraKey: Mutator = (rand, v) => {
  const objects = [[[], v] as [Path, unknown], ...pathsOf(v)].filter(([, x]) => x !== null && typeof x === 'object' && !Array.isArray(x));
  if (objects.length === 0) return undefined;
  const [path] = rand.pick(objects);
  const key = rand.pick(['__proto__', 'constructor', 'extra', '$case', 'toString']);
  return { value: setAt(v, [...path, key], rand.pick<unknown>([{}, 'x', 1, null])), label: `extra key ${key} at ${describe(path)}` };
};

const MUTATORS: readonly (readonly [number, Mutator])[] = [
  [6, anyField], [2, swapCase], [2, signature], [1, dropSecret], [2, pkiId], [1, identity], [1, endpoint],
  [3, timestamp], [2, channel], [2, tag], [1, nonce], [1, oversize], [1, extraKey],
];
const TOTAL_WEIGHT = MUTATORS.reduce((s, [w]) => s + w, 0);

/** One mutation; falls back to a generic field change when the chosen one has nothing to act on. */
export function mutateOnce(rand: Rand, v: unknown, pool: MutationPool): Mutated {
  let draw = rand.int(0, TOTAL_WEIGHT - 1);
  for (const [w, mutator] of MUTATORS) {
    if (draw < w) return mutator(rand, v, pool) ?? anyField(rand, v, pool) ?? { value: retyped(rand, v), label: 'whole value retyped' };
    draw -= w;
  }
  return { value: retyped(rand, v), label: 'whole value retyped' };
}

/** One to three mutations in a row. */
export function mutate(rand: Rand, v: unknown, pool: MutationPool): Mutated {
  const labels: string[] = [];
  let value = v;
  const n = rand.chance(0.7) ? 1 : rand.int(2, 3);
  for (let i = 0; i < n; i++) {
    const m = mutateOnce(rand, value, pool);
    value = m.value;
    labels.push(m.label);
  }
  return { value, label: labels.join('; ') };
}
