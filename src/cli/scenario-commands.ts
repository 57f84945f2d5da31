/**
 * The scenario commands: `first-network` (the seed's story, with and without bootstrap peers),
 * `run <scenario>` (a file, or a shipped scenario by name) and `scenarios` (the shipped ones,
 * listed). Each returns its exit code; the running and reporting is run-and-report.ts's.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { firstNetworkScenario } from '../scenarios/first-network';
import { decodeScenario, formatScenarioError, parseScenarioYaml, type ScenarioSpec } from '../scenarios/scenario-file';
import { packageRoot } from '../report/html';
import { failureLines } from '../report/story';
import { readText, type CliIo } from './cli-io';
import { CliError } from './options';
import { execute, fromScenarioError, overridesOf, tell, writeArtifacts, type RunFlags } from './run-and-report';

/** Where the shipped scenario files live: `scenarios/` at the package root. */
export function scenariosDir(): string {
  return join(packageRoot(), 'scenarios');
}

interface LoadedScenario {
  readonly file: string;
  readonly raw: unknown;
  readonly spec: ScenarioSpec;
}

/** A path, or the name of a shipped scenario (`partition-heal` for scenarios/partition-heal.yaml). */
export function resolveScenarioPath(arg: string, cwd: string): string {
  const direct = resolve(cwd, arg);
  if (existsSync(direct)) return direct;
  const shipped = join(scenariosDir(), arg.endsWith('.yaml') ? arg : `${arg}.yaml`);
  if (existsSync(shipped)) return shipped;
  throw new CliError(arg, '(file)', `no such file, and no shipped scenario of that name (see: fabric-gossip scenarios)`);
}

function loadScenarioFile(arg: string, cwd: string): LoadedScenario {
  const file = resolveScenarioPath(arg, cwd);
  const text = readText(file, 'scenario file');
  const parsed = parseScenarioYaml(text, arg);
  if (!parsed.ok) throw fromScenarioError(parsed.error);
  return { file: arg, raw: parseYaml(text), spec: parsed.value };
}

export function runFirstNetwork(flags: RunFlags, io: CliIo): number {
  const overrides = overridesOf(flags, io);
  let failed = false;
  const written: string[] = [];
  for (const withBootstrap of [true, false]) {
    const raw = firstNetworkScenario(withBootstrap);
    const decoded = decodeScenario(raw, 'first-network');
    if (!decoded.ok) throw fromScenarioError(decoded.error);
    const run = execute(decoded.value, `scenarios/${decoded.value.name}.yaml`, overrides, io, flags);
    const title = withBootstrap
      ? `Fabric's First Network (seed experiment 004), seed ${run.compiled.seed}, ${run.compiled.profile} profile: with bootstrap peers`
      : `The same network WITHOUT bootstrap peers (seed experiment 004, last step)`;
    tell(run, io, flags, title);
    written.push(...writeArtifacts(run, raw, overrides, io, flags, withBootstrap));
    if (!run.ok) {
      failed = true;
      for (const l of failureLines(run, `scenarios/${run.compiled.spec.name}.yaml`)) io.err(`error: ${l}\n`);
    }
  }
  for (const w of written) io.out(`wrote ${w}\n`);
  if (written.length === 0 && flags.quiet !== true) io.out('\n(HTML reports and traces: add --out-dir DIR)\n');
  return failed ? 1 : 0;
}

export function runScenarioCommand(arg: string, flags: RunFlags, io: CliIo): number {
  const loaded = loadScenarioFile(arg, io.cwd);
  const overrides = overridesOf(flags, io);
  const run = execute(loaded.spec, loaded.file, overrides, io, flags);
  tell(run, io, flags, `${run.compiled.spec.name} (${loaded.file}), seed ${run.compiled.seed}, ${run.compiled.profile} profile`);
  for (const w of writeArtifacts(run, loaded.raw, overrides, io, flags, true)) io.out(`wrote ${w}\n`);
  if (!run.ok) {
    for (const l of failureLines(run, loaded.file)) io.err(`error: ${l}\n`);
    return 1;
  }
  return 0;
}

export function listScenarios(io: CliIo): number {
  const dir = scenariosDir();
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort() : [];
  if (files.length === 0) throw new CliError(dir, '(directory)', 'no shipped scenarios found');
  const rows = files.map((f) => {
    const parsed = parseScenarioYaml(readFileSync(join(dir, f), 'utf8'), f);
    return parsed.ok ? `  ${basename(f, '.yaml').padEnd(28)} ${parsed.value.description ?? ''}` : `  ${basename(f, '.yaml').padEnd(28)} (invalid: ${formatScenarioError(parsed.error)})`;
  });
  io.out(`Shipped scenarios (${dir}); run one with: fabric-gossip run <name>\n${rows.join('\n')}\n`);
  return 0;
}
