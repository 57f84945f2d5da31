/**
 * Invariants are tables of named predicates keyed by requirement id, each returning a violation
 * message or undefined. These run a table against a value.
 */
export type Check<T> = (value: T) => string | undefined;

/** Every violation, as `ID: message`, in table order. */
export function violations<T>(checks: Readonly<Record<string, Check<T>>>, value: T): string[] {
  const out: string[] = [];
  for (const [id, check] of Object.entries(checks)) {
    const v = check(value);
    if (v !== undefined) out.push(`${id}: ${v}`);
  }
  return out;
}

/** The first violation, as `ID: message`, or undefined. */
export function firstViolation<T>(checks: Readonly<Record<string, Check<T>>>, value: T): string | undefined {
  for (const [id, check] of Object.entries(checks)) {
    const v = check(value);
    if (v !== undefined) return `${id}: ${v}`;
  }
  return undefined;
}
