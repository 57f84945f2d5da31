/**
 * Go / Fabric duration syntax ([CFG-FUNC-DURATION-SYNTAX.1]): what `time.ParseDuration` accepts,
 * e.g. `10s`, `1500ms`, `1m30s`, `2h`, `0`, `300us`, `1.5s`, `-2s`. A value is a signed sequence of
 * decimal numbers, each with an optional fraction and a unit (ns, us, µs, μs, ms, s, m, h); `0`
 * alone needs no unit. Parsing is exact: nanoseconds are held as bigint (Go's Duration is int64 ns)
 * and range-checked like Go.
 *
 * Milliseconds: the parser returns exact milliseconds, so sub-millisecond values come back
 * fractional (`300us` → 0.3, `1ns` → 0.000001). Whether a configuration field may hold such a value
 * is not the parser's business: validation rejects it for every gossip key, because virtual time
 * in this project has millisecond resolution ([CFG-FUNC-DURATION-WHOLE-MS.1]).
 */
import { configError, type Checked } from './errors';

const NS_PER_MS = 1_000_000n;
const MAX_NS = (1n << 63n) - 1n; // Go: time.Duration is an int64 count of nanoseconds
const MIN_NS = -(1n << 63n);

const UNIT_NS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  '\u00b5s': 1_000n, // µs, MICRO SIGN (Go accepts both micro characters)
  '\u03bcs': 1_000n, // μs, GREEK SMALL LETTER MU
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Units used when formatting, largest first; ASCII `us` so the output is easy to type into core.yaml. */
const FORMAT_UNITS: readonly (readonly [string, bigint])[] = [
  ['h', 3_600_000_000_000n],
  ['m', 60_000_000_000n],
  ['s', 1_000_000_000n],
  ['ms', 1_000_000n],
  ['us', 1_000n],
  ['ns', 1n],
];

export type ParsedDuration = { readonly ok: true; readonly ns: bigint } | { readonly ok: false; readonly reason: string };

/** One component: digits, optional fraction, then everything up to the next digit or dot is the unit (as in Go). */
const COMPONENT = /^([0-9]*)(?:\.([0-9]*))?([^0-9.]*)/;

/** Parse Go duration syntax to nanoseconds. */
export function parseDurationNs(text: string): ParsedDuration {
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return { ok: true, ns: 0n };
  if (rest === '') return { ok: false, reason: 'invalid duration: empty' };
  let total = 0n;
  while (rest !== '') {
    const m = COMPONENT.exec(rest);
    const [whole, intDigits = '', fracDigits, unit = ''] = m ?? [];
    if (!m || whole === undefined) return { ok: false, reason: 'invalid duration' };
    if (intDigits === '' && (fracDigits === undefined || fracDigits === '')) {
      return { ok: false, reason: 'invalid duration: a number is expected' };
    }
    if (unit === '') return { ok: false, reason: 'missing unit in duration (use ns, us, ms, s, m or h)' };
    const unitNs = UNIT_NS[unit];
    if (unitNs === undefined) return { ok: false, reason: `unknown unit "${unit}" in duration (use ns, us, ms, s, m or h)` };
    total += componentNs(intDigits, fracDigits ?? '', unitNs);
    if (total > MAX_NS + (negative ? 1n : 0n)) return { ok: false, reason: 'invalid duration: out of range (Go durations are int64 nanoseconds)' };
    rest = rest.slice(whole.length);
  }
  return { ok: true, ns: negative ? -total : total };
}

/** v·unit plus the fraction's share of a unit, truncated to whole nanoseconds (Go truncates too). */
function componentNs(intDigits: string, fracDigits: string, unitNs: bigint): bigint {
  const v = intDigits === '' ? 0n : BigInt(intDigits);
  if (fracDigits === '') return v * unitNs;
  const scale = 10n ** BigInt(fracDigits.length);
  return v * unitNs + (BigInt(fracDigits) * unitNs) / scale;
}

/** Exact milliseconds from nanoseconds (integer part first, so whole values stay exact up to 2^53 ms). */
export function msFromNs(ns: bigint): number {
  return Number(ns / NS_PER_MS) + Number(ns % NS_PER_MS) / 1e6;
}

/** Nanoseconds for a millisecond value, to the nearest nanosecond. */
export function nsFromMs(ms: number): bigint {
  if (!Number.isFinite(ms)) throw new RangeError(`not a finite duration: ${ms}ms`);
  const whole = Math.trunc(ms);
  return BigInt(whole) * NS_PER_MS + BigInt(Math.round((ms - whole) * 1e6));
}

/** Parse the value of configuration key `key` to milliseconds; a malformed value is a ConfigError naming both. */
export function parseDurationMs(key: string, text: string): Checked<number> {
  const parsed = parseDurationNs(text);
  if (!parsed.ok) return { ok: false, error: configError(key, text, `${parsed.reason}; expected a Go duration such as 10s, 1500ms or 1m30s`) };
  return { ok: true, value: msFromNs(parsed.ns) };
}

/**
 * [CFG-FUNC-DURATION-FORMAT.1] Canonical text for a duration: one number in the largest unit that represents it exactly
 * (`25s`, `1500ms`, `1h`, `90s`, `300us`, `0s`). `parseDurationNs(formatDurationNs(x))` is `x`.
 */
export function formatDurationNs(ns: bigint): string {
  if (ns === 0n) return '0s';
  if (ns < 0n) return `-${formatDurationNs(-ns)}`;
  for (const [name, size] of FORMAT_UNITS) if (ns % size === 0n) return `${ns / size}${name}`;
  return `${ns}ns`; // unreachable: every value is a whole number of ns
}

/** Canonical text for a millisecond value (to the nearest nanosecond); throws RangeError if not finite. */
export function formatDurationMs(ms: number): string {
  return formatDurationNs(nsFromMs(ms));
}

export const DURATION_LIMITS_NS = { min: MIN_NS, max: MAX_NS } as const;
