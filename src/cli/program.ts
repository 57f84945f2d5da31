/**
 * [GEN-FUNC-CLI.1] [GEN-FUNC-FIRST-NETWORK-STORY.1] The `fabric-gossip` command line (commander): `first-network` (the default: the seed's story),
 * `run <scenario>`, `scenarios`, `trace summary <file>`, `replay <trace>`. Every input is decoded
 * at the edge (options.ts, the scenario codec, loadConfig for core.yaml); every problem is one
 * line naming the file, the place in it and the problem, with a non-zero exit (2: bad input,
 * 1: an expectation not met or a replay that differs). I/O comes in as `CliIo` so tests run the
 * program in-process.
 */
import { Command, CommanderError, Option } from 'commander';
import { main as runCheck } from '../tools/check/main';
import { main as runExplore } from '../tools/explore/main';
import { registerRuntimeCommands } from './runtime-commands';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { parse as parseYaml } from 'yaml';
import { decodeWith } from '../core';
import { loadConfig, PROFILES } from '../config';
import { compileScenario, type ScenarioOverrides } from '../scenarios/compile';
import { firstNetworkScenario } from '../scenarios/first-network';
import { runScenario, type ScenarioRun } from '../scenarios/run';
import { decodeScenario, formatScenarioError, parseScenarioYaml, type ScenarioError, type ScenarioSpec } from '../scenarios/scenario-file';
import { traceNdjson } from '../sim';
import { loadReportAssets, packageRoot, renderReportHtml } from '../report/html';
import { failureLines, storyLines, summaryLines } from '../report/story';
import { CliError, decodeRunOptions, ProfileString, RunManifest, TraceLine, type RawRunOptions } from './options';

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Show a progress bar (stdout is a terminal). */
  readonly isTTY: boolean;
}

/** Where the shipped scenario files live: `scenarios/` at the package root. */
export function scenariosDir(): string {
  return join(packageRoot(), 'scenarios');
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(path, '(file)', code === 'ENOENT' ? `no such ${what}` : code === 'EISDIR' ? `is a directory, not a ${what}` : `cannot read: ${String(err)}`);
  }
}

function fromScenarioError(e: ScenarioError): CliError {
  return new CliError(e.file ?? '(scenario)', e.path, e.problem);
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

interface RunFlags extends RawRunOptions {
  readonly coreYaml?: string;
  readonly outDir?: string;
  readonly report?: string;
  readonly trace?: string;
  readonly brief?: boolean;
  readonly quiet?: boolean;
  readonly progress?: boolean;
}

function overridesOf(flags: RunFlags, io: CliIo): ScenarioOverrides {
  let coreYaml: string | undefined;
  if (flags.coreYaml !== undefined) {
    const path = resolve(io.cwd, flags.coreYaml);
    coreYaml = readText(path, 'core.yaml');
    // [GEN-FUNC-CLI-INPUTS.1] the document is checked once here, so that its errors name the file.
    const loaded = loadConfig({ base: 'fabric-1.4', yaml: coreYaml });
    if (!loaded.ok) {
      const first = loaded.errors[0];
      throw new CliError(flags.coreYaml, first?.key ?? '(yaml)', first?.message.replace(/^[^:]*: /, '') ?? 'invalid');
    }
  }
  return decodeRunOptions(flags, io.env, coreYaml);
}

function execute(spec: ScenarioSpec, file: string, overrides: ScenarioOverrides, io: CliIo, flags: RunFlags): ScenarioRun {
  const compiled = compileScenario(spec, overrides);
  if (!compiled.ok) throw fromScenarioError({ ...compiled.error, file });
  for (const w of compiled.value.warnings) io.err(`warning: ${file}: ${w}\n`);
  const bar = io.isTTY && flags.progress !== false ? new SingleBar({ format: `${spec.name} [{bar}] {value}/{total} s virtual time`, hideCursor: true, clearOnComplete: true, stream: process.stdout }) : undefined;
  bar?.start(Math.round(compiled.value.durationMs / 1000), 0);
  try {
    return runScenario(compiled.value, { onProgress: (now) => bar?.update(Math.round(now / 1000)) });
  } finally {
    bar?.stop();
  }
}

function writeFile(path: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (err) {
    throw new CliError(path, '(file)', `cannot write: ${String(err)}`);
  }
}

/** The artifacts of one run: report, trace (with its replay manifest). */
function writeArtifacts(run: ScenarioRun, raw: unknown, overrides: ScenarioOverrides, io: CliIo, flags: RunFlags, single: boolean): string[] {
  const written: string[] = [];
  const name = run.compiled.spec.name;
  const outDir = flags.outDir === undefined ? undefined : resolve(io.cwd, flags.outDir);
  const reportPath = single && flags.report !== undefined ? resolve(io.cwd, flags.report) : outDir === undefined ? undefined : join(outDir, `${name}.html`);
  const tracePath = single && flags.trace !== undefined ? resolve(io.cwd, flags.trace) : outDir === undefined ? undefined : join(outDir, `${name}.trace.ndjson`);
  if (reportPath !== undefined) {
    writeFile(reportPath, renderReportHtml(run, loadReportAssets()));
    written.push(reportPath);
  }
  if (tracePath !== undefined) {
    const ndjson = traceNdjson(run.world);
    writeFile(tracePath, ndjson);
    const manifest: RunManifest = { format: 'fabric-gossip-run/1', scenario: raw, overrides: { ...overrides, seed: run.compiled.seed }, traceLines: ndjson === '' ? 0 : ndjson.split('\n').length - 1 };
    writeFile(manifestPathOf(tracePath), `${JSON.stringify(manifest, null, 2)}\n`);
    written.push(tracePath, manifestPathOf(tracePath));
  }
  return written;
}

export function manifestPathOf(tracePath: string): string {
  return tracePath.replace(/(\.trace)?\.ndjson$/, '') + '.run.json';
}

function tell(run: ScenarioRun, io: CliIo, flags: RunFlags, title: string): void {
  const lines: string[] = ['', `=== ${title} ===`];
  if (flags.quiet !== true) lines.push(...storyLines(run, { brief: flags.brief === true }), '');
  lines.push(...summaryLines(run));
  io.out(`${lines.join('\n')}\n`);
}

function runFirstNetwork(flags: RunFlags, io: CliIo): number {
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

function runScenarioCommand(arg: string, flags: RunFlags, io: CliIo): number {
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

function listScenarios(io: CliIo): number {
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

/** Decode an ndjson trace line by line; a bad line is an error naming the line. */
function readTrace(file: string, io: CliIo): TraceLine[] {
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

function replay(file: string, flags: RunFlags, io: CliIo): number {
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

const RUN_PROFILES = Object.keys(ProfileString.keys) as (keyof typeof ProfileString.keys)[];

function runOptions(cmd: Command, single: boolean): Command {
  cmd
    .option('--seed <n>', 'simulator seed (default: the scenario\'s)')
    .addOption(new Option('--profile <name>', `base configuration profile: ${RUN_PROFILES.map((p) => `${p} (${PROFILES[p].description})`).join(', ')}`).choices(RUN_PROFILES))
    .option('--core-yaml <file>', 'a core.yaml whose peer.gossip.* settings apply to every peer')
    .option('--set <VAR=value...>', 'CORE_PEER_GOSSIP_* overrides for every peer (also read from the environment)')
    .option('--latency <min-max>', 'per-message latency bounds, in ms or durations (e.g. 1-10, 5ms-50ms)')
    .option('--loss <p>', 'probability that a message is lost (0..1)')
    .option('--duplication <p>', 'probability that a message is duplicated (0..1)')
    .option('--out-dir <dir>', 'write <name>.html (the run report), <name>.trace.ndjson and <name>.run.json there')
    .option('--brief', 'leave membership and channel-view lines out of the timeline')
    .option('--quiet', 'print the checked summary only')
    .option('--no-progress', 'no progress bar');
  if (single) cmd.option('--report <file>', 'write the HTML run report to this file').option('--trace <file>', 'write the ndjson trace (and its replay manifest) to this file');
  return cmd;
}

export function buildProgram(io: CliIo, exit: { code: number }): Command {
  const program = new Command('fabric-gossip');
  const output = { writeOut: (s: string) => io.out(s), writeErr: (s: string) => io.err(s) };
  program
    .description("Hyperledger Fabric's gossip protocol in a deterministic simulator: run the First Network, or any scenario file, and check what happens.")
    .configureOutput(output)
    .exitOverride()
    .showHelpAfterError('(add --help for usage)');
  const sub = (name: string) => program.command(name).configureOutput(output).exitOverride();
  runOptions(sub('first-network').description("the seed experiment: Fabric's First Network told step by step, with and without bootstrap peers (the default command; --report and --trace apply to the first run)"), true).action((flags: RunFlags) => {
    exit.code = runFirstNetwork(flags, io);
  });
  runOptions(sub('run').description('run a scenario file (or a shipped scenario by name) and check its expectations').argument('<scenario>', 'a scenario YAML file, or the name of a shipped one'), true).action((arg: string, flags: RunFlags) => {
    exit.code = runScenarioCommand(arg, flags, io);
  });
  sub('scenarios')
    .description('list the shipped scenarios')
    .action(() => {
      exit.code = listScenarios(io);
    });
  const trace = sub('trace').description('look into a trace file');
  trace
    .command('summary')
    .configureOutput(output)
    .exitOverride()
    .description('counts, commits, leadership changes and faults of an ndjson trace')
    .argument('<file>', 'a trace written by --trace or --out-dir')
    .action((file: string) => {
      io.out(`${traceSummaryLines(file, readTrace(file, io)).join('\n')}\n`);
      exit.code = 0;
    });
  runOptions(sub('replay').description('run a traced run again from its manifest (<name>.run.json next to the trace) and check the trace is byte-identical').argument('<trace>', 'the .trace.ndjson file'), false).action((file: string, flags: RunFlags) => {
    exit.code = replay(file, flags, io);
  });
  // The property runner and the explorer take their own arguments (see `npm run check -- --list`).
  const passThrough = (name: string, description: string, run: (args: readonly string[]) => number) =>
    sub(name).description(description).helpOption(false).allowUnknownOption(true).allowExcessArguments(true).argument('[args...]').action((args: string[]) => {
      exit.code = run(args);
    });
  passThrough('check', 'the whole-network properties (--list, --property ID, --runs N, --seed S, --budget S, --long, --size)', runCheck);
  passThrough('explore', 'bounded exhaustive exploration of a small configuration (list, <config> [depth] [maxStates])', runExplore);
  // The networked peer (src/runtime): peer start, orderer start, network up|status|down.
  registerRuntimeCommands(program);
  return program;
}

/** Run the CLI on arguments (without `node` and the script); returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const exit = { code: 0 };
  const program = buildProgram(io, exit);
  // No command, or options only: the default command, first-network.
  const first = argv[0];
  const args = first === undefined || (first.startsWith('-') && first !== '--help' && first !== '-h' && first !== '-V') ? ['first-network', ...argv] : [...argv];
  try {
    await program.parseAsync(args, { from: 'user' });
    return exit.code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help' || err.code === 'commander.version') return 0;
      return 2; // commander already printed one line (and the help hint)
    }
    if (err instanceof CliError) {
      io.err(`error: ${err.file}: ${err.where}: ${err.problem}\n`);
      return err.exitCode;
    }
    throw err;
  }
}
