/**
 * One scenario run for a command (`first-network`, `run`, `replay`), from flags to output: the
 * overrides the flags and environment decode to, the compiled run with its progress bar, the
 * story and checked summary printed, and the report, trace and replay manifest written. Shared by
 * the scenario commands and `replay`, which differ only in where the scenario comes from.
 */
import { SingleBar } from 'cli-progress';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config';
import { compileScenario, type ScenarioOverrides } from '../scenarios/compile';
import { runScenario, type ScenarioRun } from '../scenarios/run';
import type { ScenarioError, ScenarioSpec } from '../scenarios/scenario-file';
import { traceNdjson } from '../sim';
import { loadReportAssets, renderReportHtml } from '../report/html';
import { storyLines, summaryLines } from '../report/story';
import { readText, writeFile, type CliIo } from './cli-io';
import { CliError, decodeRunOptions, type RawRunOptions, type RunManifest } from './options';

export function fromScenarioError(e: ScenarioError): CliError {
  return new CliError(e.file ?? '(scenario)', e.path, e.problem);
}

export interface RunFlags extends RawRunOptions {
  readonly coreYaml?: string;
  readonly outDir?: string;
  readonly report?: string;
  readonly trace?: string;
  readonly brief?: boolean;
  readonly quiet?: boolean;
  readonly progress?: boolean;
}

export function overridesOf(flags: RunFlags, io: CliIo): ScenarioOverrides {
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

export function execute(spec: ScenarioSpec, file: string, overrides: ScenarioOverrides, io: CliIo, flags: RunFlags): ScenarioRun {
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

/** The artifacts of one run: report, trace (with its replay manifest). */
export function writeArtifacts(run: ScenarioRun, raw: unknown, overrides: ScenarioOverrides, io: CliIo, flags: RunFlags, single: boolean): string[] {
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

export function tell(run: ScenarioRun, io: CliIo, flags: RunFlags, title: string): void {
  const lines: string[] = ['', `=== ${title} ===`];
  if (flags.quiet !== true) lines.push(...storyLines(run, { brief: flags.brief === true }), '');
  lines.push(...summaryLines(run));
  io.out(`${lines.join('\n')}\n`);
}
