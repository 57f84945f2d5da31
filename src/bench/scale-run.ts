/**
 * One scale run, in a process of its own (forked by scale.ts) so that its peak RSS is its own and
 * a run that overruns can be stopped: the bench network of `orgs` x `peersPerOrg` full peers at
 * fabric-1.4's settings, a block every 2 s, until `untilMs` of virtual time or until the wall-clock
 * budget ends. It reports a checkpoint every virtual second (events and CPU since the world was
 * built, wall time since the process began, RSS) and a
 * final line saying how far it got; with `profile`, the CPU profile summary of the whole run.
 * Argument: one JSON object (ScaleRunRequest). Output: IPC messages when forked, else JSON lines.
 */
import { calibrationNs } from './calibration';
import { profiled, type ProfileSummary } from './profile';
import { peakRssMib, rssMib, stopwatch, type Usage } from './measure';
import { JOIN_AT_MS, benchNetwork, drive, joinChannel } from './network';

export interface ScaleRunRequest {
  readonly orgs: number;
  readonly peersPerOrg: number;
  readonly untilMs: number;
  readonly wallBudgetMs: number;
  /** A checkpoint every this many virtual ms. */
  readonly checkpointMs: number;
  readonly profile: boolean;
}

export interface Checkpoint {
  readonly atMs: number;
  readonly events: number;
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly rssMib: number;
}

export type ScaleRunMessage =
  | ({ readonly type: 'checkpoint' } & Checkpoint)
  | ({
      readonly type: 'done';
      readonly finished: boolean;
      readonly peakRssMib: number;
      /** CPU spent building the world (keys, configs, the directory), not counted in the checkpoints' cpuMs. */
      readonly buildCpuMs: number;
      /** The host's speed at the run's start and end (calibration.ts), CPU-ns per round. */
      readonly calibrationNs: readonly [number, number];
      readonly profile?: ProfileSummary;
      readonly failure?: string;
    } & Checkpoint);

const BLOCK_EVERY_MS = 2_000;

function emit(message: ScaleRunMessage): void {
  if (process.send !== undefined) process.send(message);
  else process.stdout.write(`${JSON.stringify(message)}\n`);
}

type Done = Extract<ScaleRunMessage, { type: 'done' }>;

function run(request: ScaleRunRequest, total: () => Usage): Done {
  const calibrationAtStart = calibrationNs();
  const net = { seed: 1, orgs: request.orgs, peersPerOrg: request.peersPerOrg };
  const start = benchNetwork(net);
  // CPU is counted from the built world on (building keys and configs is not simulation); the budget and `wallMs` count everything.
  const built = total();
  const watch = stopwatch();
  const shouldStop = () => total().wallMs > request.wallBudgetMs;
  const checkpoint = (w: { nowMs: number; step: number }): Checkpoint => {
    const u = watch();
    return { atMs: w.nowMs, events: w.step, cpuMs: Math.round(u.cpuMs), wallMs: Math.round(total().wallMs), rssMib: Math.round(rssMib()) };
  };
  const onCheckpoint = (w: { nowMs: number; step: number }) => emit({ type: 'checkpoint', ...checkpoint(w) });
  let driven = drive(start, { untilMs: JOIN_AT_MS, checkpointMs: request.checkpointMs, onCheckpoint, shouldStop });
  if (driven.finished) {
    driven = drive(joinChannel(driven.world, net), { untilMs: request.untilMs, blockEveryMs: BLOCK_EVERY_MS, checkpointMs: request.checkpointMs, onCheckpoint, shouldStop });
  }
  const failure = driven.world.failure?.message;
  const last = checkpoint(driven.world);
  const calibration = [calibrationAtStart, calibrationNs()] as const;
  return { type: 'done', finished: driven.finished, peakRssMib: Math.round(peakRssMib()), buildCpuMs: Math.round(built.cpuMs), calibrationNs: calibration, ...last, ...(failure === undefined ? {} : { failure }) };
}

async function main(): Promise<void> {
  const total = stopwatch();
  const request = JSON.parse(process.argv[2] ?? '{}') as ScaleRunRequest;
  if (request.profile) {
    const { result, profile } = await profiled(() => run(request, total));
    emit({ ...result, profile });
  } else {
    emit(run(request, total));
  }
  // Let the IPC channel flush before leaving.
  if (process.send !== undefined) process.disconnect?.();
}

void main();
