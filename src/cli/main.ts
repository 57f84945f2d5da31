/**
 * `npm start`: the main job. Runs Fabric's First Network (seed experiment 004) in the simulator:
 * 2 orgs x 2 peers under the fabric-1.4 profile, first with bootstrap peers, then without, and
 * prints what a reader of the seed would look for: views and leaders before and after the
 * anchor-peer update, the leadership and commit timeline, and the counters.
 * Options: --seed N, --trace FILE (write the ndjson trace of the first run).
 */
import { writeFileSync } from 'node:fs';
import { DEFAULT_FIRST_NETWORK, runFirstNetwork } from '../scenarios/first-network';
import { traceNdjson } from '../sim';
import { countersLine, snapshotLines, timelineLines } from '../report/first-network-report';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function main(): void {
  const seed = Number(option('--seed') ?? DEFAULT_FIRST_NETWORK.seed);
  const tracePath = option('--trace');
  for (const withBootstrap of [true, false]) {
    const out: string[] = [];
    out.push('', `=== First Network, seed ${seed}, ${withBootstrap ? 'with' : 'WITHOUT'} bootstrap peers (fabric-1.4 profile) ===`);
    const w = runFirstNetwork({ ...DEFAULT_FIRST_NETWORK, seed, withBootstrap }, (world, label) => out.push(...snapshotLines(world, label)));
    out.push('', 'timeline:', ...timelineLines(w), '', countersLine(w));
    if (w.failure) out.push(`FAILURE: ${w.failure.kind}: ${w.failure.message}`);
    process.stdout.write(`${out.join('\n')}\n`);
    if (w.failure) process.exitCode = 1;
    if (withBootstrap && tracePath) writeFileSync(tracePath, traceNdjson(w));
  }
}

main();
