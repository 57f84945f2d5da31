/** The discovery chart as a reducer whose outputs are the loops to run and its timers. */
import { machineReducer, type TimerOutput } from '../core/xstate-step';
import { DISCOVERY_LOOPS, discoveryMachine, type DiscoveryContext, type DiscoveryLoop } from './discovery-machine';
import type { Draft } from './draft';
import { runLoop } from './loops';
import type { DiscoverySnapshot } from './state';

type LoopOutput = { readonly kind: 'loop'; readonly loop: DiscoveryLoop };

const outputs = Object.fromEntries(DISCOVERY_LOOPS.map((loop) => [loop, (): LoopOutput => ({ kind: 'loop', loop })]));
const discoveryReducer = machineReducer(discoveryMachine, outputs);

export function discoveryTimerId(afterEvent: string): string {
  return `membership/${afterEvent}`;
}

function perform(d: Draft, outs: readonly (LoopOutput | TimerOutput<unknown>)[]): void {
  for (const o of outs) {
    if (o.kind === 'setTimer') {
      const timerId = discoveryTimerId(o.timerId);
      d.emit({ kind: 'setTimer', timerId, delayMs: o.delayMs, event: { type: 'TIMER_FIRED', timerId, machine: 'discovery', afterEvent: o.timerId } });
    } else if (o.kind === 'cancelTimer') {
      d.emit({ kind: 'cancelTimer', timerId: discoveryTimerId(o.timerId) });
    } else {
      runLoop(d, o.loop);
    }
  }
}

/** The chart's initial snapshot; its entry outputs (bootstrap connects, timers) are performed on `d` later. */
export function initDiscovery(context: DiscoveryContext): readonly [DiscoverySnapshot, readonly (LoopOutput | TimerOutput<unknown>)[]] {
  return discoveryReducer.init(context) as readonly [DiscoverySnapshot, readonly (LoopOutput | TimerOutput<unknown>)[]];
}

export function performDiscoveryOutputs(d: Draft, outs: readonly (LoopOutput | TimerOutput<unknown>)[]): void {
  perform(d, outs);
}

export function stepDiscovery(d: Draft, event: { readonly type: string }): void {
  const [next, outs] = discoveryReducer.step(d.discovery, event as { type: 'STOP' });
  d.discovery = next;
  perform(d, outs);
}
