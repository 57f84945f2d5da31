/**
 * The value codecs of a scenario file ([GEN-FUNC-SCENARIO-FILE.1]): durations, probabilities,
 * counts, names, MSP ids, endpoints, the orderer's side of a partition, Fabric overrides, and
 * `closed`, a mapping that refuses keys it does not list. Each failure says what was expected and
 * what was given; scenario-file.ts composes them into the document's codec.
 */
import * as t from 'io-ts';
import { parseDurationNs } from '../config';

/** Milliseconds: a non-negative number, or a Go duration string ("5s", "1m30s", "250ms"). */
export const DurationMs = new t.Type<number, string | number, unknown>(
  'Duration',
  (u): u is number => typeof u === 'number',
  (u, c) => {
    if (typeof u === 'number') return Number.isFinite(u) && u >= 0 ? t.success(u) : t.failure(u, c, `a duration must be a non-negative number of ms or a string like "5s", got ${u}`);
    if (typeof u !== 'string') return t.failure(u, c, `expected a duration ("5s", "250ms" or a number of ms), got ${JSON.stringify(u)}`);
    const parsed = parseDurationNs(u);
    if (!parsed.ok) return t.failure(u, c, `${parsed.reason}: ${JSON.stringify(u)}`);
    if (parsed.ns < 0n) return t.failure(u, c, `a duration must not be negative: ${JSON.stringify(u)}`);
    return t.success(Number(parsed.ns / 1_000_000n));
  },
  (ms) => ms,
);

export const Probability = new t.Type<number, number, unknown>(
  'Probability',
  (u): u is number => typeof u === 'number' && u >= 0 && u <= 1,
  (u, c) => (typeof u === 'number' && u >= 0 && u <= 1 ? t.success(u) : t.failure(u, c, `expected a probability in [0, 1], got ${JSON.stringify(u)}`)),
  (p) => p,
);

export const NonNegInt = new t.Type<number, number, unknown>(
  'NonNegativeInteger',
  (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= 0,
  (u, c) => (typeof u === 'number' && Number.isInteger(u) && u >= 0 ? t.success(u) : t.failure(u, c, `expected a non-negative integer, got ${JSON.stringify(u)}`)),
  (n) => n,
);

export const NonEmptyString = new t.Type<string, string, unknown>(
  'NonEmptyString',
  (u): u is string => typeof u === 'string' && u !== '',
  (u, c) => (typeof u === 'string' && u !== '' ? t.success(u) : t.failure(u, c, `expected a non-empty string, got ${JSON.stringify(u)}`)),
  (s) => s,
);

/** An MSP id: the symbolic suite reads "<msp>/<name>" PKI-IDs back, so no '/' or newline in it. */
export const MspId = new t.Type<string, string, unknown>(
  'MspId',
  (u): u is string => typeof u === 'string' && u !== '' && !/[/\n]/.test(u),
  (u, c) =>
    typeof u === 'string' && u !== '' && !/[/\n]/.test(u) ? t.success(u) : t.failure(u, c, `expected an MSP id (non-empty, without '/' or a newline), got ${JSON.stringify(u)}`),
  (s) => s,
);

/** A `host:port` endpoint. */
export const Endpoint = new t.Type<string, string, unknown>(
  'Endpoint',
  (u): u is string => typeof u === 'string',
  (u, c) => (typeof u === 'string' && /^[^\s:]+:[0-9]{1,5}$/.test(u) ? t.success(u) : t.failure(u, c, `expected an endpoint "host:port", got ${JSON.stringify(u)}`)),
  (s) => s,
);

/** One name or a list of names, always read as a list. */
export const Names = new t.Type<readonly string[], string | readonly string[], unknown>(
  'Names',
  (u): u is readonly string[] => Array.isArray(u),
  (u, c) => {
    if (typeof u === 'string' && u !== '') return t.success([u]);
    if (Array.isArray(u) && u.length > 0 && u.every((x) => typeof x === 'string' && x !== '')) return t.success(u as string[]);
    return t.failure(u, c, `expected a peer name or a non-empty list of peer names, got ${JSON.stringify(u)}`);
  },
  (names) => names,
);

/**
 * [GEN-FUNC-SCENARIO-ORDERER-SIDE.1] Where a partition leaves the ordering service: `reachable`
 * (outside the partition, every peer reaches it), `unreachable` (nobody, until heal), a group's
 * index (0 = the first group listed; the number of groups = the peers listed in none), or a peer's
 * name (the group that peer is in). `reachable` and `unreachable` are words, never peer names.
 */
export type OrdererPlacement = 'reachable' | 'unreachable' | { readonly group: number } | { readonly withPeer: string };

export const OrdererPlacementCodec = new t.Type<OrdererPlacement, string | number, unknown>(
  'OrdererPlacement',
  (u): u is OrdererPlacement => u === 'reachable' || u === 'unreachable' || (typeof u === 'object' && u !== null && ('group' in u || 'withPeer' in u)),
  (u, c) => {
    if (u === 'reachable' || u === 'unreachable') return t.success(u);
    if (typeof u === 'number' && Number.isInteger(u) && u >= 0) return t.success({ group: u });
    if (typeof u === 'string' && u !== '') return t.success({ withPeer: u });
    return t.failure(u, c, `expected reachable, unreachable, a group's index (0, 1, ...) or a peer's name, got ${JSON.stringify(u)}`);
  },
  (p) => (typeof p === 'string' ? p : 'group' in p ? p.group : p.withPeer),
);

/** An object with only the keys listed: a misspelt key is an error, not silently ignored. */
export function closed<P extends t.Props, O extends t.Props>(name: string, required: P, optional: O) {
  const inner = t.intersection([t.type(required), t.partial(optional)]);
  const keys = [...Object.keys(required), ...Object.keys(optional)];
  return new t.Type<t.TypeOf<typeof inner>, t.OutputOf<typeof inner>, unknown>(
    name,
    inner.is,
    (u, c) => {
      if (typeof u !== 'object' || u === null || Array.isArray(u)) return t.failure(u, c, `expected a mapping (${name}), got ${JSON.stringify(u) ?? String(u)}`);
      for (const key of Object.keys(u)) {
        if (!keys.includes(key)) return t.failure(u, t.appendContext(c, key, t.unknown, (u as Record<string, unknown>)[key]), `unknown key "${key}" (expected ${keys.join(', ')})`);
      }
      const missing = Object.keys(required).find((k) => (u as Record<string, unknown>)[k] === undefined);
      if (missing !== undefined) return t.failure(undefined, t.appendContext(c, missing, t.unknown, undefined), `missing required key "${missing}"`);
      return inner.validate(u, t.appendContext(c, '', inner, u));
    },
    inner.encode,
  );
}

/** Overrides: Fabric environment variables (`CORE_PEER_GOSSIP_*`, `CORE_PEER_DELIVERYCLIENT_*`) to string values. */
export const Overrides = new t.Type<Readonly<Record<string, string>>, Readonly<Record<string, string>>, unknown>(
  'Overrides',
  (u): u is Record<string, string> => typeof u === 'object' && u !== null,
  (u, c) => {
    if (typeof u !== 'object' || u === null || Array.isArray(u)) return t.failure(u, c, 'expected a mapping of CORE_PEER_GOSSIP_* variables to values');
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(u)) {
      if (!/^CORE_PEER_(GOSSIP|DELIVERYCLIENT)_[A-Z0-9_]+$/.test(k)) return t.failure(k, t.appendContext(c, k, t.unknown, v), `"${k}" is not a CORE_PEER_GOSSIP_* or CORE_PEER_DELIVERYCLIENT_* variable`);
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
      else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out[k] = v.join(' ');
      else return t.failure(v, t.appendContext(c, k, t.unknown, v), `expected a string, number or boolean, got ${JSON.stringify(v)}`);
    }
    return t.success(out);
  },
  (o) => o,
);
