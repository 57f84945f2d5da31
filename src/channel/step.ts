/**
 * The channel as a pure reducer: createChannelReducer({crypto, key}) -> { init, step }. The chart
 * (machine.ts) does the work; this adds what is about the step as a whole: a stopped channel
 * ignores everything, a pull request to nobody is not sent, and `viewChanged` reports a changed
 * channel view after the step ([CHN-FUNC-VIEW-CHANGED.1]).
 */
import type { Effect, PkiId } from '../core';
// Straight from its module: the barrel's re-exports are getters, and this runs per element of a view.
import { comparePkiIds } from '../core/ids';
import { machineReducer, type ChartState, type TimerOutput } from '../core/xstate-step';
import type { GossipParams, LogParams, RejectParams, SendParams } from './actions';
import type { ChannelEnv } from './context';
import type { ChannelEvent, ChannelStart, StateInfoEnvelope } from './inputs';
import { createChannelMachine, type ChannelMachine } from './machine';
import { currentChannelPeers, isStopped } from './queries';

/**
 * Hand a StateInfo to the emitter: the composition routes it as Fabric's gossipBatch does (same-org
 * peers, or channel members when its subject has an external endpoint), never to `excludePkiId`.
 */
export interface GossipStateInfoOutput {
  readonly kind: 'gossip';
  readonly envelope: StateInfoEnvelope;
  readonly excludePkiId?: PkiId;
}
export type SendOutput = Extract<Effect, { kind: 'send' }>;
/** An inbound message dropped, with its reason (family `stateInfo.`); nothing else happened. */
export interface RejectedOutput {
  readonly kind: 'rejected';
  readonly reason: string;
  readonly message: string;
}
export type LogOutput = Extract<Effect, { kind: 'log' }>;
/** [CHN-FUNC-VIEW-CHANGED.1] The channel view after the step, and who entered and left it (Fabric's membershipTracker). */
export interface ViewChangedOutput {
  readonly kind: 'viewChanged';
  readonly peers: readonly PkiId[];
  readonly wentOnline: readonly PkiId[];
  readonly wentOffline: readonly PkiId[];
}

export type ChannelEffectOutput = GossipStateInfoOutput | SendOutput | RejectedOutput | LogOutput | ViewChangedOutput;
export type ChannelOutput = ChannelEffectOutput | TimerOutput<ChannelEvent>;
export type ChannelState = ChartState<ChannelMachine>;
export type ChannelStepResult = readonly [ChannelState, readonly ChannelOutput[]];

export interface ChannelReducer {
  readonly machine: ChannelMachine;
  init(input: ChannelStart): ChannelStepResult;
  step(state: ChannelState, event: ChannelEvent): ChannelStepResult;
}

/**
 * Who entered and who left between two views, both sorted by PKI-ID as every channel view is: one
 * merge walk over both (a search per element made each change cost n² at n peers); undefined when
 * they hold the same PKI-IDs.
 */
function viewChange(before: readonly PkiId[], after: readonly PkiId[]): ViewChangedOutput | undefined {
  if (before === after) return undefined;
  const wentOnline: PkiId[] = [];
  const wentOffline: PkiId[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    const order = i === before.length ? 1 : j === after.length ? -1 : comparePkiIds(before[i] as PkiId, after[j] as PkiId);
    if (order < 0) wentOffline.push(before[i++] as PkiId);
    else if (order > 0) wentOnline.push(after[j++] as PkiId);
    else {
      i++;
      j++;
    }
  }
  return wentOnline.length === 0 && wentOffline.length === 0 ? undefined : { kind: 'viewChanged', peers: after, wentOnline, wentOffline };
}

export function createChannelReducer(env: ChannelEnv): ChannelReducer {
  const machine = createChannelMachine(env);
  const chart = machineReducer<ChannelMachine, ChannelEffectOutput>(machine, {
    reject: (p: RejectParams): RejectedOutput => ({ kind: 'rejected', reason: p.reason, message: p.message }),
    gossipStateInfo: (p: GossipParams): GossipStateInfoOutput =>
      p.excludePkiId === undefined ? { kind: 'gossip', envelope: p.envelope } : { kind: 'gossip', envelope: p.envelope, excludePkiId: p.excludePkiId },
    sendMessage: (p: SendParams): SendOutput => ({ kind: 'send', to: p.to, message: p.message }),
    log: (p: LogParams): LogOutput => ({ kind: 'log', level: 'warn', message: p.message }),
  });
  const tidy = (outs: readonly ChannelOutput[]): ChannelOutput[] => outs.filter((o) => o.kind !== 'send' || o.to.length > 0);
  return {
    machine,
    init(input) {
      const [state, outs] = chart.init(input);
      return [state, tidy(outs)];
    },
    step(state, event) {
      // [CHN-FUNC-STOP.1] a stopped channel handles nothing.
      if (isStopped(state)) return [state, []];
      const [next, outs] = chart.step(state, event);
      const change = isStopped(next) ? undefined : viewChange(currentChannelPeers(state), currentChannelPeers(next));
      return [next, change === undefined ? tidy(outs) : [...tidy(outs), change]];
    },
  };
}
