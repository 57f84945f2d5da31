/**
 * [CFG-FUNC-ERRORS-NAME-KEY.1] What configuration loading and validation report. Every problem names Fabric's dotted key
 * (`peer.gossip.election.leaderAliveThreshold`) so an operator can find it in core.yaml, and
 * carries the offending value as it was given (raw YAML or environment text, or the typed field
 * value when a config built in code is validated).
 */

export interface ConfigError {
  readonly kind: 'configError';
  /** Fabric's dotted key, e.g. `peer.gossip.pullInterval`; `(yaml)` for a document that does not parse. */
  readonly key: string;
  readonly value: unknown;
  readonly message: string;
}

/** Something Fabric accepts silently (an unknown key, a zero read as "use the default"): reported, not fatal. */
export interface ConfigWarning {
  readonly kind: 'configWarning';
  readonly key: string;
  readonly value: unknown;
  readonly message: string;
}

export function configError(key: string, value: unknown, reason: string): ConfigError {
  return { kind: 'configError', key, value, message: `${key}: ${reason} (got ${show(value)})` };
}

/**
 * The same problem reported with another value, e.g. the text as written in the layer that set a key
 * instead of the typed value it was read as. The reason is recovered from the message configError built.
 */
export function withValue(error: ConfigError, value: unknown): ConfigError {
  const prefix = `${error.key}: `;
  const suffix = ` (got ${show(error.value)})`;
  return configError(error.key, value, error.message.slice(prefix.length, error.message.length - suffix.length));
}

export function configWarning(key: string, value: unknown, reason: string): ConfigWarning {
  return { kind: 'configWarning', key, value, message: `${key}: ${reason} (got ${show(value)})` };
}

/** A short, unambiguous rendering of a value for messages (strings quoted, so '' is visible). */
export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `${value}n`;
  // JSON would print NaN and ±Infinity as null.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  try {
    const s = JSON.stringify(value);
    // JSON has no text for a function or a symbol: name its kind instead.
    if (s === undefined) return typeof value === 'symbol' ? value.toString() : `[${typeof value}]`;
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return typeof value;
  }
}

/** Either a value or the problems that prevent it. */
export type Checked<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly error: ConfigError };
