/** The pull engine as a pure reducer: the chart's named actions become outputs, one per message. */
import type { PkiId } from '../core';
import { machineReducer, type ChartState, type TimerOutput } from '../core/xstate-step';
import type { DigestParams, HellosParams, RequestsParams, UpdateParams } from './actions';
import type { PullCommand, PullEvent, PullStart } from './inputs';
import { pullMachine } from './machine';

/** GossipHello{nonce} to `to` (Fabric's Hello). */
export interface SendHelloOutput { readonly kind: 'sendHello'; readonly to: PkiId; readonly nonce: bigint }
/** DataDigest{nonce, ids} to `to`; never empty. */
export interface SendDigestOutput { readonly kind: 'sendDigest'; readonly to: PkiId; readonly nonce: bigint; readonly ids: readonly string[] }
/** DataRequest{nonce, ids} to `to`. */
export interface SendRequestOutput { readonly kind: 'sendRequest'; readonly to: PkiId; readonly nonce: bigint; readonly ids: readonly string[] }
/** DataUpdate{nonce, items of ids} to `to`: the host attaches the items. */
export interface SendUpdateOutput { readonly kind: 'sendUpdate'; readonly to: PkiId; readonly nonce: bigint; readonly ids: readonly string[] }

export type PullMessageOutput = SendHelloOutput | SendDigestOutput | SendRequestOutput | SendUpdateOutput;
export type PullOutput = PullMessageOutput | TimerOutput<PullEvent>;
export type PullState = ChartState<typeof pullMachine>;
export type PullStepResult = readonly [PullState, readonly PullOutput[]];

export interface PullReducer {
  init(input: PullStart): PullStepResult;
  step(state: PullState, event: PullCommand | PullEvent): PullStepResult;
}

type Batch = { readonly kind: 'batch'; readonly outs: readonly PullMessageOutput[] };

const chart = machineReducer<typeof pullMachine, PullMessageOutput | Batch>(pullMachine, {
  sendHellos: (p: HellosParams): Batch => ({ kind: 'batch', outs: p.hellos.map((h) => ({ kind: 'sendHello', to: h.to, nonce: h.nonce })) }),
  sendDigest: (p: DigestParams): SendDigestOutput => ({ kind: 'sendDigest', to: p.to, nonce: p.nonce, ids: p.ids }),
  sendRequests: (p: RequestsParams): Batch => ({ kind: 'batch', outs: p.requests.map((r) => ({ kind: 'sendRequest', to: r.to, nonce: r.nonce, ids: r.ids })) }),
  sendUpdate: (p: UpdateParams): SendUpdateOutput => ({ kind: 'sendUpdate', to: p.to, nonce: p.nonce, ids: p.ids }),
});

function flatten(outs: readonly (PullMessageOutput | Batch | TimerOutput<PullEvent>)[]): PullOutput[] {
  const result: PullOutput[] = [];
  for (const o of outs) {
    if (o.kind === 'batch') result.push(...o.outs);
    else result.push(o);
  }
  return result;
}

export function createPullReducer(): PullReducer {
  return {
    init(input) {
      const [state, outs] = chart.init(input);
      return [state, flatten(outs)];
    },
    step(state, event) {
      const [next, outs] = chart.step(state, event);
      return [next, flatten(outs)];
    },
  };
}

/** The ids this engine holds (what its digests list). */
export const pullItems = (s: PullState): readonly string[] => s.context.items;
export const isPullStopped = (s: PullState): boolean => s.status === 'done';
