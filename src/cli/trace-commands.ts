/**
 * The trace commands: `trace summary <file>` (counts, commits, leadership changes and faults of an
 * ndjson trace, each line decoded) and `replay <trace>` (the run again from the manifest written
 * next to the trace, which must give a byte-identical trace).
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { decodeWith } from '../core';
import type { ScenarioOverrides } from '../scenarios/compile';
import { decodeScenario } from '../scenarios/scenario-file';
import { traceNdjson } from '../sim';
import { readText, type CliIo } from './cli-io';
import { CliError, RunManifest, TraceLine } from './options';
import { execute, fromScenarioError, manifestPathOf, tell, type RunFlags } from './run-and-report';

/** Decode an ndjson trace line by line; a bad line is an error naming the line. */
export function readTrace(file: string, io: CliIo): TraceLine[] {
  const text = readText(resolve(io.cwd, file), 'trace file');
  const lines: TraceLine[] = [];
  text.split('\n').forEach((l, i) => {
    if (l.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(l);
    } catch (err) {
      throw new CliError(file, `line ${i + 1}`, `not JSON: ${(err as Error).message}`);
    }
    const d = decodeWith(TraceLine, value);
    if (!d.ok) throw new CliError(file, `line ${i + 1}`, `not a trace line: ${d.error.message}`);
    lines.push(d.value);
  });
  return lines;
}

export function traceSummaryLines(file: string, lines: readonly TraceLine[]): string[] {
  const byKind = new Map<string, number>();
  const commits = new Map<string, number>();
  const leaders: string[] = [];
  const faults: string[] = [];
  const peers = new Set<string>();
  for (const l of lines) {
    byKind.set(l.k, (byKind.get(l.k) ?? 0) + 1);
    if (l.peer !== undefined) peers.add(l.peer);
    if (l.k === 'commit' && l.peer !== undefined) commits.set(`${l.peer} ${l.channel ?? ''}`, (commits.get(`${l.peer} ${l.channel ?? ''}`) ?? 0) + 1);
    if (l.k === 'leader') leaders.push(`${(l.t / 1000).toFixed(3)}s ${l.peer} ${l.isLeader === true ? 'Becoming a leader' : 'Stopped being a leader'} [${l.channel}]`);
    if (l.k === 'fault') faults.push(`${(l.t / 1000).toFixed(3)}s ${JSON.stringify(l.action)}`);
  }
  const last = lines[lines.length - 1];
  return [
    `Trace ${file}: ${lines.length} lines, ${last === undefined ? 0 : last.s} steps, virtual time 0 to ${last === undefined ? 0 : (last.t / 1000).toFixed(3)}s, ${peers.size} peers`,
    `  lines by kind: ${[...byKind].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${k} ${n}`).join(', ')}`,
    `  commits: ${[...commits].sort().map(([k, n]) => `${k.trim()} ${n}`).join(', ') || 'none'}`,
    `  leadership changes (${leaders.length}):`,
    ...leaders.map((l) => `    ${l}`),
    `  faults (${faults.length}):`,
    ...faults.map((f) => `    ${f}`),
  ];
}

export function replay(file: string, flags: RunFlags, io: CliIo): number {
  const tracePath = resolve(io.cwd, file);
  const recorded = readText(tracePath, 'trace file');
  const manifestPath = manifestPathOf(tracePath);
  const manifestText = readText(manifestPath, 'run manifest (written next to the trace by --trace or --out-dir)');
  let json: unknown;
  try {
    json = JSON.parse(manifestText);
  } catch (err) {
    throw new CliError(manifestPath, '(json)', (err as Error).message);
  }
  const manifest = decodeWith(RunManifest, json);
  if (!manifest.ok) throw new CliError(manifestPath, manifest.error.path || '(root)', manifest.error.message.replace(/^[^:]*: /, ''));
  const decoded = decodeScenario(manifest.value.scenario, `${manifestPath} (scenario)`);
  if (!decoded.ok) throw fromScenarioError(decoded.error);
  const run = execute(decoded.value, manifestPath, manifest.value.overrides as ScenarioOverrides, io, flags);
  const again = traceNdjson(run.world);
  const digest = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);
  if (flags.quiet !== true) tell(run, io, { ...flags, brief: flags.brief }, `replay of ${file}`);
  if (again === recorded) {
    io.out(`replay: identical trace, ${manifest.value.traceLines} lines (sha256 ${digest(again)})\n`);
    return run.ok ? 0 : 1;
  }
  const a = recorded.split('\n');
  const b = again.split('\n');
  const i = a.findIndex((l, k) => l !== b[k]);
  throw new CliError(file, `line ${i + 1}`, `the replay differs from the recorded trace (recorded ${a.length - 1} lines, replayed ${b.length - 1})`, 1);
}
