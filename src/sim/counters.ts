/**
 * The world's counters by kind (sends, deliveries, drops by reason, ...) as a value
 * ([SIM-FUNC-COUNTERS.1]). Every world step counts something, so counting must not copy a record
 * of every name: on Node 20 a spread of a 16-name record cost about 300 ns, a copy of 16 numbers
 * about 20. The names live in a table that successive worlds share and that only a copy ever
 * extends; each world has its own values, copied once per step (counters.test.ts).
 */
export interface Counters {
  /** Names in the order they were first counted; values[i] counts names[i]. */
  readonly names: readonly string[];
  readonly slotOf: ReadonlyMap<string, number>;
  readonly values: readonly number[];
}

export const NO_COUNTERS: Counters = { names: [], slotOf: new Map(), values: [] };

/** How many times `name` was counted; 0 when never. */
export function countOf(c: Counters, name: string): number {
  const slot = c.slotOf.get(name);
  return slot === undefined ? 0 : (c.values[slot] as number);
}

/** Every counted name with its count, in the order first counted. */
export function counterEntries(c: Counters): [string, number][] {
  return c.names.map((name, i) => [name, c.values[i] as number]);
}

/**
 * The counters of one world step: `add` copies the values the first time (and the names only when
 * it meets a new one), then changes its own copy in place; `counters()` is the step's result.
 */
export class CounterDraft {
  private current: Counters;
  private owned = false;

  constructor(from: Counters) {
    this.current = from;
  }

  add(name: string, by: number): void {
    let slot = this.current.slotOf.get(name);
    if (slot === undefined) {
      slot = this.current.names.length;
      const slotOf = new Map(this.current.slotOf).set(name, slot);
      this.current = { names: [...this.current.names, name], slotOf, values: [...this.current.values, 0] };
      this.owned = true;
    } else if (!this.owned) {
      const { names, slotOf, values } = this.current;
      this.current = { names, slotOf, values: values.slice() };
      this.owned = true;
    }
    (this.current.values as number[])[slot] = (this.current.values[slot] as number) + by;
  }

  counters(): Counters {
    return this.current;
  }
}
