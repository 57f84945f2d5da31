/**
 * Trace export and replay. A trace is ndjson: one canonical-encoded line per TraceEvent (sorted
 * keys, bigints as {"$u64": ...}), so that two runs from one seed give byte-identical text. Values
 * that cannot be encoded (a cyclic garbage payload) are replaced by a marker instead of failing.
 */
import { canonicalEncode } from '../core';
import { describeError } from './peer-step';
import { runSchedule, type ScheduleItem } from './schedule';
import type { TraceEvent } from './trace-types';
import type { SimFailure, World } from './world';

/** The trace lines of a world, oldest first (empty when tracing is off). */
export function traceEvents<S>(w: World<S>): TraceEvent[] {
  const out: TraceEvent[] = [];
  for (let node = w.trace; node !== undefined; node = node.tail) out.push(node.head);
  return out.reverse();
}

function encodeValue(value: unknown): string | undefined {
  try {
    return canonicalEncode(value);
  } catch (err) {
    return canonicalEncode({ $unencodable: describeError(err) });
  }
}

/** [SIM-FUNC-TRACE.1] One canonical line; a field that cannot be encoded becomes {"$unencodable": reason}. */
export function encodeTraceLine(line: TraceEvent): string {
  try {
    const text = canonicalEncode(line);
    if (typeof text === 'string') return text;
  } catch {
    // fall through: encode field by field
  }
  const parts = Object.keys(line)
    .sort()
    .flatMap((key) => {
      const text = encodeValue((line as unknown as Record<string, unknown>)[key]);
      return text === undefined ? [] : [`${JSON.stringify(key)}:${text}`];
    });
  return `{${parts.join(',')}}`;
}

export function encodeTrace(lines: readonly TraceEvent[]): string {
  return lines.map((line) => `${encodeTraceLine(line)}\n`).join('');
}

export function traceNdjson<S>(w: World<S>): string {
  return encodeTrace(traceEvents(w));
}

/** Everything a run needs besides its seed. */
export interface Scenario<S> {
  readonly makeWorld: (seed: number) => World<S>;
  readonly schedule?: readonly ScheduleItem[];
  readonly choices?: readonly number[];
  readonly untilMs: number;
}

/** [SIM-FUNC-DETERMINISM.1] Run a scenario from a seed; the same seed gives the same world and byte-identical trace. */
export function replay<S>(seed: number, scenario: Scenario<S>): { world: World<S>; ndjson: string } {
  const world = runSchedule(scenario.makeWorld(seed), scenario.schedule ?? [], scenario.untilMs, scenario.choices ?? []);
  return { world, ndjson: traceNdjson(world) };
}

/** One line a human can act on: what failed, where, and how to get there again. */
export function describeFailure(f: SimFailure): string {
  const peer = f.peer === undefined ? '' : ` peer=${f.peer}`;
  const input = f.input === undefined ? '' : ` input=${truncate(encodeValue(f.input) ?? 'undefined', 300)}`;
  return `${f.kind} (seed=${f.seed} step=${f.step} t=${f.nowMs}ms${peer}): ${f.message}${input}`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}
