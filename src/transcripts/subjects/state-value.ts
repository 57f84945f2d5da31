/** Reading a statechart's state value (`{ running: { initiator: { rounds: 'idle' } } }`) by path. */

/** The leaf (a string) under `path`, or undefined when the chart is elsewhere. */
export function leafAt(value: unknown, path: readonly string[]): string | undefined {
  let v: unknown = value;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  if (typeof v === 'string') return v;
  // A compound state's own name when its children are not wanted.
  return typeof v === 'object' && v !== null ? Object.keys(v)[0] : undefined;
}
