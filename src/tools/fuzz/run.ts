/**
 * The fuzz loop: case after case, each input fed to the peer state the case's previous input left
 * (the snapshot for the first), each step checked. Stops at the first violation, which carries the
 * seed and case index that regenerate it.
 */
import type { Effect, HostInput } from '../../core';
import { caseFor } from './cases';
import { checkStep, safeText } from './check';
import type { FuzzCase, FuzzContext } from './context';

export interface FuzzOptions {
  readonly seed: number;
  /** Inputs to feed in all (a case has one to four). */
  readonly count: number;
  /** Run only this case (a replay). */
  readonly onlyCase?: number;
  /** Asked at each violation: 'continue' skips the rest of that case and goes on; default stop. */
  readonly onViolation?: (f: FuzzFailure) => 'continue' | 'stop';
  /** Called with every step of every case (the replay prints them). */
  readonly onStep?: (c: FuzzCase, input: HostInput, rejected: readonly string[]) => void;
}

export interface FuzzFailure {
  readonly seed: number;
  readonly caseIndex: number;
  /** Which input of the case (0 = the first). */
  readonly step: number;
  readonly family: string;
  readonly detail: string;
  readonly snapshot: string;
  readonly input: HostInput;
  readonly problem: string;
}

export interface FamilyCount {
  inputs: number;
  rejected: number;
}

export interface FuzzReport {
  readonly seed: number;
  readonly cases: number;
  readonly inputs: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly reasons: Readonly<Record<string, number>>;
  /** Per generator family and per input kind: how many inputs, how many of them rejected. */
  readonly families: Readonly<Record<string, FamilyCount>>;
  readonly kinds: Readonly<Record<string, FamilyCount>>;
  /** The violation the run stopped at. */
  readonly failure?: FuzzFailure;
  /** Violations the run went on after (onViolation said 'continue'). */
  readonly continuedViolations: number;
}

function describeError(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ''}` : safeText(err);
}

export function runFuzz(ctx: FuzzContext, options: FuzzOptions): FuzzReport {
  const reasons: Record<string, number> = {};
  const families: Record<string, FamilyCount> = {};
  const kinds: Record<string, FamilyCount> = {};
  const count = (table: Record<string, FamilyCount>, key: string, rejected: boolean) => {
    const c = (table[key] ??= { inputs: 0, rejected: 0 });
    c.inputs += 1;
    if (rejected) c.rejected += 1;
  };
  let inputs = 0;
  let rejectedInputs = 0;
  let cases = 0;
  let continuedViolations = 0;
  const report = (failure?: FuzzFailure): FuzzReport => ({
    seed: options.seed, cases, inputs, accepted: inputs - rejectedInputs, rejected: rejectedInputs, reasons, families, kinds, continuedViolations,
    ...(failure ? { failure } : {}),
  });
  for (let index = options.onlyCase ?? 0; options.onlyCase === undefined ? inputs < options.count : index === options.onlyCase; index++) {
    const c = caseFor(ctx, options.seed, index);
    cases += 1;
    const queue = [...c.inputs];
    let state = c.snapshot.state;
    for (let step = 0; step < queue.length; step++) {
      const input = queue[step] as HostInput;
      const failure = (problem: string): FuzzFailure => ({ seed: options.seed, caseIndex: index, step, family: c.family, detail: c.detail, snapshot: c.snapshot.label, input, problem });
      let result: unknown;
      let problem: string | undefined;
      try {
        result = ctx.capture.reducer.step(state, input);
      } catch (err) {
        problem = `step threw: ${describeError(err)}`;
      }
      const verdict = problem === undefined ? checkStep(state, result) : { ok: false as const, problem };
      if (!verdict.ok) {
        const f = failure(verdict.problem);
        if ((options.onViolation?.(f) ?? 'stop') === 'stop') return report(f);
        continuedViolations += 1;
        break;
      }
      inputs += 1;
      const rejected = verdict.rejected.length > 0;
      if (rejected) rejectedInputs += 1;
      for (const r of verdict.rejected) reasons[r] = (reasons[r] ?? 0) + 1;
      count(families, c.family, rejected);
      count(kinds, input.kind, rejected);
      options.onStep?.(c, input, verdict.rejected);
      if (step === 0 && c.followUp) queue.push(...c.followUp(verdict.effects as readonly Effect[]));
      state = verdict.state;
    }
  }
  return report();
}

/** A failure as a human acts on it: what broke, where, and the command that replays it. */
export function describeFuzzFailure(f: FuzzFailure): string {
  return [
    `fuzz violation (seed=${f.seed} case=${f.caseIndex} step=${f.step}): ${f.problem}`,
    `  generator: ${f.family} (${f.detail}); snapshot: ${f.snapshot}`,
    `  input: ${safeText(f.input, 2000)}`,
    `  replay: npm run fuzz -- --seed ${f.seed} --case ${f.caseIndex}`,
  ].join('\n');
}
