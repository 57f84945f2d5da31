/**
 * The dissemination reducer: createDisseminationReducer({ crypto, trustedOrderers }) -> { init, step }.
 * The chart is crypto-free; the reducer adds VerifyBlock's verdict to BLOCK_RECEIVED before the
 * chart sees it, and turns the chart's named actions into outputs.
 */
import type { CryptoSuite } from '../core';
import { machineReducer, type ChartState } from '../core/xstate-step';
import type { CommitParams, ForwardParams, GossipParams, LogParams } from './actions';
import { checkValid } from './block-store';
import type { CheckedBlockReceived, DisseminationContext, DisseminationEvent } from './context';
import type { BlockReceived, DataEnvelope, DisseminationCommand, DisseminationStart } from './inputs';
import { disseminationMachine } from './machine';
import type { Block } from '../messages';
import { verifyBlock } from './verify-block';

/** Hand to routing: propagatePeerNum random same-org channel peers, never `excludePkiId` (the sender). */
export interface ForwardOutput { readonly kind: 'forward'; readonly envelope: DataEnvelope; readonly excludePkiId: string }
/** The leader's own block, to every eligible same-org peer routing picks (no one excluded). */
export interface GossipOutput { readonly kind: 'gossip'; readonly envelope: DataEnvelope }
/** Commit to the ledger; these come strictly in seq order, each seq once. */
export interface CommitOutput { readonly kind: 'commit'; readonly seq: number; readonly block: Block }
export interface LogOutput { readonly kind: 'log'; readonly level: LogParams['level']; readonly message: string; readonly fields: LogParams['fields'] }

export type DisseminationOutput = ForwardOutput | GossipOutput | CommitOutput | LogOutput;
type ChartOutput = ForwardOutput | GossipOutput | LogOutput | { readonly kind: 'commitBatch'; readonly params: CommitParams };

export type DisseminationState = ChartState<typeof disseminationMachine>;
export type DisseminationStepResult = readonly [DisseminationState, readonly DisseminationOutput[]];

export interface DisseminationEnv {
  readonly crypto: CryptoSuite;
  /** Identities of the ordering service nodes whose signature makes a block valid. */
  readonly trustedOrderers: readonly string[];
}

export interface DisseminationReducer {
  init(input: DisseminationStart): DisseminationStepResult;
  step(state: DisseminationState, event: DisseminationCommand): DisseminationStepResult;
}

const chart = machineReducer<typeof disseminationMachine, ChartOutput>(disseminationMachine, {
  forward: (p: ForwardParams): ForwardOutput => ({ kind: 'forward', envelope: p.envelope, excludePkiId: p.excludePkiId }),
  gossipBlock: (p: GossipParams): GossipOutput => ({ kind: 'gossip', envelope: p.envelope }),
  logDropped: (p: LogParams): LogOutput => ({ kind: 'log', level: p.level, message: p.message, fields: p.fields }),
  commitBlocks: (p: CommitParams): ChartOutput => ({ kind: 'commitBatch', params: p }),
});

function flatten(outs: readonly unknown[]): DisseminationOutput[] {
  const result: DisseminationOutput[] = [];
  for (const o of outs as readonly ChartOutput[]) {
    if (o.kind === 'commitBatch') for (const p of o.params.payloads) result.push({ kind: 'commit', seq: p.seq, block: p.block });
    else result.push(o);
  }
  return result;
}

/** VerifyBlock runs only when the channel and store rules pass (Fabric: CheckValid, then VerifyBlock). */
function checkReceived(env: DisseminationEnv, context: DisseminationContext, event: BlockReceived): CheckedBlockReceived {
  const { seqNum, data } = event.envelope.payload.content.dataMsg.payload;
  const worthVerifying = event.envelope.payload.channel === context.channel
    && checkValid(context.store, context.params.maxBlockCountToStore, seqNum);
  const verdict = worthVerifying ? verifyBlock(env.crypto, env.trustedOrderers, context.channel, seqNum, data) : undefined;
  return { ...event, verdict };
}

export function createDisseminationReducer(env: DisseminationEnv): DisseminationReducer {
  return {
    init(input) {
      const [state, outs] = chart.init(input);
      return [state, flatten(outs)];
    },
    step(state, event) {
      const checked: DisseminationEvent = event.type === 'BLOCK_RECEIVED' ? checkReceived(env, state.context, event) : event;
      const [next, outs] = chart.step(state, checked);
      return [next, flatten(outs)];
    },
  };
}

/** The next block to commit (Fabric's ledger height as the payload buffer sees it). */
export const disseminationHeight = (s: DisseminationState): number => s.context.buffer.next;
export const isDisseminationStopped = (s: DisseminationState): boolean => s.status === 'done';
