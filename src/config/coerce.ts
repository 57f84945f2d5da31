/**
 * Turning one raw value (a YAML scalar or list, or an environment string) into the typed value of
 * its key, the way a Fabric peer's viper reads it, except where viper would silently misread a
 * value: there we reject it with an error naming key and value ([CFG-FUNC-WRONG-TYPE.1]):
 *
 * - a bare number for a duration (viper reads `4` as 4 nanoseconds), except 0;
 * - a boolean that strconv.ParseBool does not accept (viper reads `yes`, `on`, `tRuE` as false);
 * - an integer with a base prefix or leading zero (viper's base-0 parse reads `010` as octal 8);
 * - values of the wrong shape (a list for a count, a map for a bool, a fraction for a count).
 */
import { configError, type Checked } from './errors';
import { parseDurationMs } from './duration';
import type { KeySpec } from './keys';

export type KeyValue = number | boolean | string | readonly string[];

/** strconv.ParseBool, which viper's cast.ToBool uses for strings. */
const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

const DECIMAL_INT = /^[+-]?(0|[1-9][0-9]*)$/;
const HAS_UNIT_LETTER = /[a-zµμ]/i;

export function coerceValue(spec: KeySpec, raw: unknown): Checked<KeyValue> {
  switch (spec.kind) {
    case 'duration':
      return coerceDuration(spec.key, raw);
    case 'count':
      return coerceCount(spec.key, raw);
    case 'bool':
      return coerceBool(spec.key, raw);
    case 'endpoint':
      return typeof raw === 'string' ? ok(raw) : bad(spec.key, raw, 'expected an endpoint string host:port');
    case 'endpointList':
      return coerceEndpointList(spec.key, raw);
  }
}

function coerceDuration(key: string, raw: unknown): Checked<KeyValue> {
  if (raw === 0) return ok(0);
  if (typeof raw === 'number') {
    return bad(key, raw, 'a duration needs a unit such as 4s or 1500ms (Fabric would read a bare number as nanoseconds)');
  }
  if (typeof raw !== 'string') return bad(key, raw, 'expected a duration such as 4s or 1500ms');
  if (!HAS_UNIT_LETTER.test(raw) && !/^[+-]?0$/.test(raw)) {
    return bad(key, raw, 'a duration needs a unit such as 4s or 1500ms (Fabric would read a bare number as nanoseconds)');
  }
  return parseDurationMs(key, raw);
}

function coerceCount(key: string, raw: unknown): Checked<KeyValue> {
  if (typeof raw === 'number') {
    return Number.isSafeInteger(raw) ? ok(raw) : bad(key, raw, 'expected a whole number');
  }
  if (typeof raw !== 'string') return bad(key, raw, 'expected a whole number');
  if (DECIMAL_INT.test(raw)) {
    const n = Number(raw);
    return Number.isSafeInteger(n) ? ok(n === 0 ? 0 : n) : bad(key, raw, 'number out of range');
  }
  if (/^[+-]?0[0-9a-z]/i.test(raw)) {
    return bad(key, raw, 'write a plain decimal number without leading zeros or base prefixes (Fabric would read 010 as octal 8, 0x10 as 16)');
  }
  return bad(key, raw, 'expected a whole number');
}

/** [CFG-FUNC-BOOL-SYNTAX.1] */
function coerceBool(key: string, raw: unknown): Checked<KeyValue> {
  if (typeof raw === 'boolean') return ok(raw);
  if (raw === 0 || raw === 1) return ok(raw === 1);
  if (typeof raw === 'string') {
    if (GO_TRUE.has(raw)) return ok(true);
    if (GO_FALSE.has(raw)) return ok(false);
  }
  return bad(key, raw, 'expected a boolean: true/false/1/0 (also t, f, TRUE, FALSE, True, False); Fabric would read any other value as false');
}

/** [CFG-FUNC-BOOTSTRAP-LIST.1] viper's GetStringSlice: a string is split on white space (strings.Fields); a YAML list is taken as is. */
function coerceEndpointList(key: string, raw: unknown): Checked<KeyValue> {
  if (typeof raw === 'string') return ok(splitFields(raw));
  if (Array.isArray(raw)) {
    const items: string[] = [];
    for (const item of raw as unknown[]) {
      if (typeof item !== 'string') return bad(key, raw, 'expected a list of endpoint strings host:port');
      items.push(item);
    }
    return ok(items);
  }
  return bad(key, raw, 'expected a list of endpoints, or one string of endpoints separated by spaces');
}

/** Go's strings.Fields. */
export function splitFields(text: string): string[] {
  return text.split(/\s+/).filter((s) => s !== '');
}

function ok(value: KeyValue): Checked<KeyValue> {
  return { ok: true, value };
}

function bad(key: string, value: unknown, reason: string): Checked<KeyValue> {
  return { ok: false, error: configError(key, value, reason) };
}
