/**
 * Fuzzing the composed peer ([GEN-FUNC-BAD-INPUT.1]): 100,000 host inputs of every kind, made from
 * a real First Network run (captured envelopes mutated and re-signed, captured timers fired again,
 * forged orderer blocks, odd commands, garbage), each fed to a running peer and checked: the step
 * returns, its effects are well formed, and a rejected input changes nothing but the counter.
 * FUZZ_SEED=<n> picks another seed; a failure prints the seed, the case and `npm run fuzz` to replay it.
 */
import { checkStep, reasonFamily } from '../../src/tools/fuzz/check';
import { captureFirstNetwork } from '../../src/tools/fuzz/capture';
import { caseFor } from '../../src/tools/fuzz/cases';
import { contextOf } from '../../src/tools/fuzz/context';
import { describeFuzzFailure, runFuzz, type FuzzReport } from '../../src/tools/fuzz/run';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20_250_611);
const COUNT = 100_000;
const ctx = contextOf(captureFirstNetwork());
const [snapshot] = ctx.capture.snapshots;
if (snapshot === undefined) throw new Error('the capture has no snapshot');

let report: FuzzReport;

beforeAll(() => {
  report = runFuzz(ctx, {
    seed: SEED,
    count: COUNT,
    onViolation: () => 'stop',
  });
}, 120_000);

describe('fuzzing the composed peer', () => {
  it('[GEN-FUNC-BAD-INPUT.1] 100,000 fuzzed inputs: no step throws, effects are well formed, a rejected input changes only the counter, an accepted one keeps the invariants', () => {
    expect(report.failure && describeFuzzFailure(report.failure)).toBeUndefined();
    expect(report.inputs).toBeGreaterThanOrEqual(COUNT);
    expect(report.continuedViolations).toBe(0);
  });

  it('[GEN-FUNC-BAD-INPUT.1] rejections come from the known reason families, and the main ones are exercised', () => {
    const families = new Set(Object.keys(report.reasons).map(reasonFamily));
    expect(families.has(undefined)).toBe(false);
    for (const family of ['message', 'timer', 'command', 'orderer', 'pull', 'leadership', 'join', 'block', 'stateInfo'] as const) expect(families).toContain(family);
  });

  it('[GEN-FUNC-BAD-INPUT.1] every input kind is fed, and inputs get past the edge as well as bounce off it', () => {
    for (const kind of ['receive', 'timer', 'command', 'handshakeResult', 'ordererBlock', 'ordererGaveUp', 'ledgerRead']) {
      expect(report.kinds[kind]?.inputs ?? 0).toBeGreaterThan(1_000);
    }
    for (const kind of ['receive', 'timer', 'command', 'ordererBlock']) {
      const c = report.kinds[kind];
      expect(c?.rejected ?? 0).toBeGreaterThan(0);
      expect((c?.inputs ?? 0) - (c?.rejected ?? 0)).toBeGreaterThan(0);
    }
    // Re-signed mutations must reach past the signature checks, or they test nothing the plain ones do not.
    const resigned = report.families['receive.mutatedResigned'];
    expect((resigned?.inputs ?? 0) - (resigned?.rejected ?? 0)).toBeGreaterThan(1_000);
  });

  it('[GEN-FUNC-BAD-INPUT.1] the check catches a peer that changes state, emits a send, or invents a reason on rejection', () => {
    const before = snapshot.state;
    const rejected = { ...before.rejected, 'message.decodeError': (before.rejected['message.decodeError'] ?? 0) + 1 };
    const log = { kind: 'log', level: 'warn', message: 'x' };
    expect(checkStep(before, [{ ...before, rejected }, [log]]).ok).toBe(true);
    expect(checkStep(before, [{ ...before, rejected, seed: before.seed + 1 }, [log]])).toMatchObject({ ok: false, problem: expect.stringContaining('state changed at seed') });
    expect(checkStep(before, [{ ...before, rejected }, [{ kind: 'send', to: [], message: {} }]])).toMatchObject({ ok: false, problem: expect.stringContaining('send') });
    expect(checkStep(before, [{ ...before, rejected: { ...before.rejected, 'oops.x': 1 } }, []])).toMatchObject({ ok: false, problem: expect.stringContaining('oops.x') });
    expect(checkStep(before, [before, [{ kind: 'setTimer', timerId: 't', delayMs: -1, event: null }]])).toMatchObject({ ok: false, problem: expect.stringContaining('malformed') });
  });

  it('[GEN-FUNC-BAD-INPUT.1] a case is regenerated from its seed and index alone, and a throwing peer is reported with both', () => {
    // followUp is a closure (never equal by reference): compare what it answers to the same effects instead.
    for (const index of [4_321, 4_322, 4_323, 4_324]) {
      const [a, b] = [caseFor(ctx, SEED, index), caseFor(ctx, SEED, index)];
      expect({ ...a, followUp: undefined }).toEqual({ ...b, followUp: undefined });
      expect(a.followUp?.([])).toEqual(b.followUp?.([]));
    }
    const throwing = { ...ctx, capture: { ...ctx.capture, reducer: { step: () => { throw new Error('boom'); } } } };
    const broken = runFuzz(throwing, { seed: SEED, count: 10 });
    expect(broken.failure).toMatchObject({ seed: SEED, caseIndex: 0, step: 0, problem: expect.stringContaining('boom') });
    expect(describeFuzzFailure(broken.failure ?? (undefined as never))).toContain(`npm run fuzz -- --seed ${SEED} --case 0`);
  });
});
