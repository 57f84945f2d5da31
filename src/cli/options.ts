/**
 * [GEN-FUNC-CLI-INPUTS.1] The command line's values, decoded with io-ts at the edge: commander
 * hands strings, these codecs turn them into a seed, a profile, latency bounds, probabilities and
 * `CORE_PEER_GOSSIP_*` assignments, or an error that names the option.
 */
import * as t from 'io-ts';
import { decodeWith } from '../core';
import { DurationMs } from '../scenarios/scenario-file';
import type { ScenarioOverrides } from '../scenarios/compile';

export class CliError extends Error {
  constructor(
    /** The file (or `command line`) the problem is in. */
    readonly file: string,
    /** Where inside it: an option name, a path in a document, a line. */
    readonly where: string,
    readonly problem: string,
    readonly exitCode = 2,
  ) {
    super(`${file}: ${where}: ${problem}`);
  }
}

const IntString = new t.Type<number, string, unknown>(
  'Integer',
  (u): u is number => typeof u === 'number',
  (u, c) => (typeof u === 'string' && /^[0-9]{1,15}$/.test(u) ? t.success(Number(u)) : t.failure(u, c, `expected a non-negative integer, got ${JSON.stringify(u)}`)),
  String,
);

const ProbabilityString = new t.Type<number, string, unknown>(
  'Probability',
  (u): u is number => typeof u === 'number',
  (u, c) => {
    const n = typeof u === 'string' && /^[0-9]*\.?[0-9]+$/.test(u) ? Number(u) : NaN;
    return n >= 0 && n <= 1 ? t.success(n) : t.failure(u, c, `expected a probability between 0 and 1, got ${JSON.stringify(u)}`);
  },
  String,
);

/** The profiles a run accepts (`fabric-code-defaults` is a base for config layers, not a network). */
export const ProfileString = t.keyof({ 'fabric-1.4': null, 'fabric-2.x': null }, 'Profile');

/** `MIN-MAX`: two durations ("1ms-10ms") or two numbers of milliseconds ("1-10"). */
const LatencyString = new t.Type<{ min: number; max: number }, string, unknown>(
  'Latency',
  (u): u is { min: number; max: number } => typeof u === 'object' && u !== null,
  (u, c) => {
    const m = typeof u === 'string' ? /^([^-]+)-([^-]+)$/.exec(u) : null;
    if (m === null) return t.failure(u, c, `expected MIN-MAX in ms or durations (e.g. 1-10 or 5ms-50ms), got ${JSON.stringify(u)}`);
    const side = (s: string) => (/^[0-9]+$/.test(s) ? Number(s) : decodeWith(DurationMs, s));
    const [min, max] = [side(m[1] as string), side(m[2] as string)];
    if (typeof min !== 'number' && !min.ok) return t.failure(u, c, min.error.message.replace(/^\(root\): /, ''));
    if (typeof max !== 'number' && !max.ok) return t.failure(u, c, max.error.message.replace(/^\(root\): /, ''));
    const lo = typeof min === 'number' ? min : (min as { value: number }).value;
    const hi = typeof max === 'number' ? max : (max as { value: number }).value;
    return lo <= hi ? t.success({ min: lo, max: hi }) : t.failure(u, c, `MIN (${lo} ms) is above MAX (${hi} ms)`);
  },
  (v) => `${v.min}-${v.max}`,
);

const Assignment = new t.Type<[string, string], string, unknown>(
  'Assignment',
  (u): u is [string, string] => Array.isArray(u),
  (u, c) => {
    const m = typeof u === 'string' ? /^(CORE_PEER_(?:GOSSIP|DELIVERYCLIENT)_[A-Z0-9_]+)=(.*)$/s.exec(u) : null;
    return m === null ? t.failure(u, c, `expected CORE_PEER_GOSSIP_NAME=value, got ${JSON.stringify(u)}`) : t.success([m[1] as string, m[2] as string]);
  },
  ([k, v]) => `${k}=${v}`,
);

/** What commander collected for a run (strings, as typed). */
export interface RawRunOptions {
  readonly seed?: unknown;
  readonly profile?: unknown;
  readonly latency?: unknown;
  readonly loss?: unknown;
  readonly duplication?: unknown;
  readonly set?: unknown;
}

function decodeOption<A>(codec: t.Type<A, unknown, unknown>, value: unknown, option: string): A {
  const d = decodeWith(codec, value);
  if (!d.ok) throw new CliError('command line', option, d.error.message.replace(/^[^:]*: /, ''));
  return d.value;
}

/**
 * The run overrides from the options and the environment: `CORE_PEER_GOSSIP_*` variables from the
 * environment first, then `--set` assignments (which win). The core.yaml text is read by the caller.
 */
export function decodeRunOptions(raw: RawRunOptions, env: Readonly<Record<string, string | undefined>>, coreYaml: string | undefined): ScenarioOverrides {
  const fromEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (/^CORE_PEER_(GOSSIP|DELIVERYCLIENT)_/.test(k) && v !== undefined) fromEnv[k] = v;
  const sets = raw.set === undefined ? [] : decodeOption(t.array(Assignment), raw.set, '--set');
  const merged = { ...fromEnv, ...Object.fromEntries(sets) };
  const latency = raw.latency === undefined ? undefined : decodeOption(LatencyString, raw.latency, '--latency');
  const loss = raw.loss === undefined ? undefined : decodeOption(ProbabilityString, raw.loss, '--loss');
  const duplication = raw.duplication === undefined ? undefined : decodeOption(ProbabilityString, raw.duplication, '--duplication');
  const network = {
    ...(latency === undefined ? {} : { minLatencyMs: latency.min, maxLatencyMs: latency.max }),
    ...(loss === undefined ? {} : { lossProbability: loss }),
    ...(duplication === undefined ? {} : { duplicationProbability: duplication }),
  };
  return {
    ...(raw.seed === undefined ? {} : { seed: decodeOption(IntString, raw.seed, '--seed') }),
    ...(raw.profile === undefined ? {} : { profile: decodeOption(ProfileString, raw.profile, '--profile') }),
    ...(coreYaml === undefined ? {} : { coreYaml }),
    ...(Object.keys(merged).length === 0 ? {} : { env: merged }),
    ...(Object.keys(network).length === 0 ? {} : { network }),
  };
}

/** A line of a trace file: what `trace summary` needs of it. */
export const TraceLine = t.intersection([t.type({ k: t.string, t: t.number, s: t.number }), t.partial({ peer: t.string, from: t.string, to: t.string, channel: t.string, seq: t.number, isLeader: t.boolean, action: t.unknown, reason: t.string, payload: t.unknown })], 'TraceLine');
export type TraceLine = t.TypeOf<typeof TraceLine>;

/** The manifest written next to a trace, so that `replay` can run it again. */
export const RunManifest = t.type(
  {
    format: t.literal('fabric-gossip-run/1'),
    scenario: t.unknown,
    overrides: t.partial({
      seed: t.number,
      profile: ProfileString,
      coreYaml: t.string,
      env: t.record(t.string, t.string),
      network: t.partial({ minLatencyMs: t.number, maxLatencyMs: t.number, lossProbability: t.number, duplicationProbability: t.number }),
    }),
    traceLines: t.number,
  },
  'RunManifest',
);
export type RunManifest = t.TypeOf<typeof RunManifest>;
