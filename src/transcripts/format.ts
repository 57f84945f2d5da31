/**
 * [GEN-FUNC-TRANSCRIPT-OUTPUT.1] How values are printed in transcripts: virtual times and
 * durations with their unit, lists in brackets (sorted where their order means nothing), timers by
 * the name of their delay (a port has no xstate event names), and random values (nonces) by
 * aliases numbered in order of first appearance (zero, a fixed value in Fabric, stays 0), so that
 * a transcript shows which message answers which without pinning the random stream's values.
 */

/** `0ms`, `250ms`, `2s`, `1500ms`: whole seconds as seconds, anything else in milliseconds. */
export function fmtMs(ms: number): string {
  return ms !== 0 && ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

export const list = (xs: readonly (string | number)[]): string => `[${xs.join(',')}]`;

export function sortedList(xs: readonly string[]): string {
  return list([...xs].sort());
}

export const numList = (xs: readonly number[]): string => list([...xs].sort((a, b) => a - b));

/** `[3..5]`: both ends included, written as given (an empty or reversed range shows as such). */
export const range = (start: number, end: number): string => `[${start}..${end}]`;

/**
 * The delay name of an xstate timer (`xstate.after.<delay>.<state path>`), else the id itself:
 * `leaderAliveThreshold`, not the chart's event name.
 */
export function timerName(id: string): string {
  const m = /xstate\.after\.([^.]+)\./.exec(id);
  return m === null ? id : (m[1] as string);
}

/** Random values by alias: `n1`, `n2`, ... in order of first appearance. */
export class Aliases {
  private readonly names = new Map<string, string>();

  constructor(private readonly prefix: string) {}

  /** Zero stays `0`: Fabric uses nonce 0 on purpose (a membership sync, a leader's block), not at random. */
  of(value: bigint | number | string): string {
    const key = String(value);
    if (key === '0') return '0';
    let name = this.names.get(key);
    if (name === undefined) {
      name = `${this.prefix}${this.names.size + 1}`;
      this.names.set(key, name);
    }
    return name;
  }

  /** The value an alias stands for (for commands that answer a message by its nonce alias). */
  valueOf(alias: string): string | undefined {
    for (const [value, name] of this.names) if (name === alias) return value;
    return undefined;
  }
}

/** `key=value` pairs in the given order. */
export function fields(record: Readonly<Record<string, string>>): string {
  return Object.entries(record)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}
