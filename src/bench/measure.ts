/**
 * Measurement helpers for `npm run bench` (this is a host: it may read the clock). Each figure is
 * printed as one JSON line: {"bench": name, "value": n, "unit": "...", ...context}.
 */
import { performance } from 'node:perf_hooks';

export interface Figure {
  readonly bench: string;
  readonly value: number;
  readonly unit: string;
  readonly [extra: string]: unknown;
}

export function printFigure(figure: Figure): void {
  process.stdout.write(`${JSON.stringify(figure)}\n`);
}

/** Run `body` repeatedly for at least `minMs` (after one warm-up run); return operations per second. */
export function opsPerSecond(body: () => number, minMs = 1000): { opsPerSecond: number; ops: number; elapsedMs: number } {
  body();
  let ops = 0;
  const start = performance.now();
  let elapsedMs = 0;
  while (elapsedMs < minMs) {
    ops += body();
    elapsedMs = performance.now() - start;
  }
  return { opsPerSecond: (ops / elapsedMs) * 1000, ops, elapsedMs };
}

export function heapUsedMb(): number {
  return process.memoryUsage().heapUsed / (1024 * 1024);
}
