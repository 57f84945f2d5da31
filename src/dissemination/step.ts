/**
 * The dissemination reducer: createDisseminationReducer({ crypto, trustedOrderers }) -> { init, step }.
 * The chart is crypto-free and decides everything; the reducer adds VerifyBlock's verdicts to the
 * blocks before the chart sees them ([DIS-FUNC-CHART-CHECKS.1]), turns the chart's named actions
 * into outputs, and adds the reports a host asked for.
 */
import type { CryptoSuite } from '../core';
import { machineReducer, type ChartState, type TimerOutput } from '../core/xstate-step';
import type { CommitParams, FetchedRefusalParams, ForwardParams, GossipParams, LogParams, OrdererRejectionParams, UpdateRejectionParams } from './actions';
import { checkValid, liveBlocks, type StoredBlock } from './block-store';
import type { CheckedBlockFromOrderer, CheckedBlockReceived, CheckedBlocksPulled, DisseminationContext, DisseminationEvent } from './context';
import type { BlockFromOrderer, BlockReceived, BlocksPulled, DataEnvelope, DisseminationCommand, DisseminationStart, DisseminationTimerEvent } from './inputs';
import { disseminationMachine } from './machine';
import type { Block } from '../messages';
import { bufferSize } from './payload-buffer';
import { verifyBlock } from './verify-block';

/** Hand to routing: the batch's selection of same-org channel peers, minus `excludePkiId` (the sender). */
export interface ForwardOutput { readonly kind: 'forward'; readonly envelope: DataEnvelope; readonly excludePkiId: string }
/** The leader's own block, to every eligible same-org peer routing picks (no one excluded). */
export interface GossipOutput { readonly kind: 'gossip'; readonly envelope: DataEnvelope }
/** Commit to the ledger; these come strictly in seq order, each seq once. */
export interface CommitOutput { readonly kind: 'commit'; readonly seq: number; readonly block: Block }
export interface LogOutput { readonly kind: 'log'; readonly level: LogParams['level']; readonly message: string; readonly fields: LogParams['fields'] }

/** [DIS-FUNC-PULLED-UPDATE-ATOMIC.1] A pulled update was dropped whole at its first block failing VerifyBlock. */
export interface UpdateRejectedOutput { readonly kind: 'updateRejected'; readonly fromPkiId: string; readonly seq: number; readonly detail: string }

/** [DIS-FUNC-ORDERER-BLOCK-VERIFIED.1] A block from the deliver client that fails VerifyBlock is dropped. */
export interface OrdererBlockRejectedOutput { readonly kind: 'ordererBlockRejected'; readonly seq: number; readonly detail: string }

/** [DIS-FUNC-BLOCK-EXPIRATION.1] The expiry check's timer (armed at init, re-armed at each fire, cancelled by STOP). */
export type DisseminationTimerOutput = TimerOutput<DisseminationTimerEvent>;

export type DisseminationOutput = ForwardOutput | GossipOutput | CommitOutput | LogOutput | UpdateRejectedOutput | OrdererBlockRejectedOutput | DisseminationTimerOutput;
type ChartOutput =
  | DisseminationTimerOutput
  | ForwardOutput
  | GossipOutput
  | LogOutput
  | OrdererBlockRejectedOutput
  | UpdateRejectedOutput
  | { readonly kind: 'commitBatch'; readonly params: CommitParams }
  | { readonly kind: 'fetchedRefusal'; readonly params: FetchedRefusalParams };

export type DisseminationState = ChartState<typeof disseminationMachine>;
export type DisseminationStepResult = readonly [DisseminationState, readonly DisseminationOutput[]];

/**
 * [DIS-FUNC-STORE-SERVES-PULL.1] The block store's contents changed in this step: the host keeps the
 * block pull engine's items in sync (ITEMS_ADDED / ITEMS_REMOVED with decimal seqs). Emitted only
 * by a reducer created with `reportStored: true`, last in the step's outputs.
 */
export interface StoredOutput { readonly kind: 'stored'; readonly added: readonly number[]; readonly removed: readonly number[] }

/**
 * [DIS-FUNC-PULLED-UPDATE-ATOMIC.1] A pulled update was taken: which of its blocks the store holds
 * now, with the update's nonce echoed (for the pull engine's round). Emitted, after `stored`, only
 * by a reducer created with `reportStored: true`.
 */
export interface PulledTakenOutput { readonly kind: 'pulledTaken'; readonly fromPkiId: string; readonly nonce: bigint; readonly seqs: readonly number[] }

/**
 * [DIS-FUNC-PUSHED-BLOCK-REJECTED.1] A pushed block failed VerifyBlock (dropped, as the chart logs):
 * said as an output too, so a pulling host can count it. Emitted only with `reportStored: true`.
 */
export interface PushedBlockRejectedOutput { readonly kind: 'pushedBlockRejected'; readonly fromPkiId: string; readonly seq: number; readonly detail: string }

/**
 * [DIS-FUNC-BUFFER-SIZE.1] The payload buffer's size (Fabric's payloads.Size(): blocks waiting for
 * a predecessor) changed in this step: state transfer's BUFFER_SIZE. Emitted, last in the step,
 * only by a reducer created with `reportBufferSize: true`.
 */
export interface BufferSizeOutput { readonly kind: 'bufferSize'; readonly size: number }

/**
 * [DIS-FUNC-FETCHED-BLOCKS.1] A BLOCKS_FETCHED batch was refused whole, changing nothing: the buffer
 * held `bufferSize` > `limit` (2 × blockBufferSize) blocks and the batch did not hold the block at
 * the height. The caller keeps the batch and offers it again once a `bufferSize` output is at or
 * below `limit`. Emitted only by a reducer created with `reportBufferSize: true`.
 */
export interface FetchedRefusedOutput {
  readonly kind: 'fetchedRefused';
  readonly fromPkiId: string;
  readonly seqs: readonly number[];
  readonly bufferSize: number;
  readonly limit: number;
}

/** What a reducer created with `reportBufferSize: true` adds to its outputs. */
export type BufferReportOutput = BufferSizeOutput | FetchedRefusedOutput;

export interface DisseminationEnv {
  readonly crypto: CryptoSuite;
  /** Identities of the ordering service nodes whose signature makes a block valid. */
  readonly trustedOrderers: readonly string[];
  /** Emit `stored` outputs (opt-in, so hosts that do not pull see the outputs they know). */
  readonly reportStored?: boolean;
  /**
   * Emit `bufferSize` and `fetchedRefused` outputs (opt-in, for hosts that run state transfer);
   * without it a refused BLOCKS_FETCHED is reported by a `log` line only.
   */
  readonly reportBufferSize?: boolean;
}

export interface DisseminationReducerOf<Out> {
  init(input: DisseminationStart): readonly [DisseminationState, readonly Out[]];
  step(state: DisseminationState, event: DisseminationCommand): readonly [DisseminationState, readonly Out[]];
}
export type DisseminationReducer = DisseminationReducerOf<DisseminationOutput>;
/** The reducer a block-pulling host uses: every output plus `stored`. */
export type DisseminationPullingReducer = DisseminationReducerOf<DisseminationOutput | StoredOutput | PulledTakenOutput | PushedBlockRejectedOutput>;
/** The reducer a host running state transfer uses (`reportBufferSize: true`): every output plus `bufferSize` and `fetchedRefused`. */
export type DisseminationFetchingReducer = DisseminationReducerOf<DisseminationOutput | BufferReportOutput>;
/** Both opt-ins (`reportStored: true, reportBufferSize: true`): a host that pulls and runs state transfer. */
export type DisseminationPullingFetchingReducer = DisseminationReducerOf<DisseminationOutput | StoredOutput | PulledTakenOutput | PushedBlockRejectedOutput | BufferReportOutput>;
type AnyDisseminationOutput = DisseminationOutput | StoredOutput | PulledTakenOutput | PushedBlockRejectedOutput | BufferReportOutput;

const chart = machineReducer<typeof disseminationMachine, ChartOutput>(disseminationMachine, {
  forward: (p: ForwardParams): ForwardOutput => ({ kind: 'forward', envelope: p.envelope, excludePkiId: p.excludePkiId }),
  gossipBlock: (p: GossipParams): GossipOutput => ({ kind: 'gossip', envelope: p.envelope }),
  logDropped: (p: LogParams): LogOutput => ({ kind: 'log', level: p.level, message: p.message, fields: p.fields }),
  commitBlocks: (p: CommitParams): ChartOutput => ({ kind: 'commitBatch', params: p }),
  refuseFetched: (p: FetchedRefusalParams): ChartOutput => ({ kind: 'fetchedRefusal', params: p }),
  rejectOrdererBlock: (p: OrdererRejectionParams): ChartOutput => ({ kind: 'ordererBlockRejected', seq: p.seq, detail: p.detail }),
  rejectPulledUpdate: (p: UpdateRejectionParams): ChartOutput => ({ kind: 'updateRejected', fromPkiId: p.fromPkiId, seq: p.seq, detail: p.detail }),
});

/**
 * [DIS-FUNC-FETCHED-BLOCKS.1] A refused batch: always a log line; with `reportBufferSize`, also the
 * `fetchedRefused` output its caller acts on.
 */
function fetchedRefusal(env: DisseminationEnv, channel: string, p: FetchedRefusalParams): AnyDisseminationOutput[] {
  const first = p.seqs[0];
  const last = p.seqs[p.seqs.length - 1];
  const log: LogOutput = {
    kind: 'log',
    level: 'info',
    message: `fetched blocks ${String(first)}..${String(last)} from ${p.fromPkiId} refused on channel ${channel}: payload buffer holds ${p.bufferSize} > ${p.limit} blocks`,
    fields: { rule: 'DIS-FUNC-FETCHED-BLOCKS.1', from: p.fromPkiId, seqs: p.seqs, bufferSize: p.bufferSize, limit: p.limit },
  };
  if (env.reportBufferSize !== true) return [log];
  return [log, { kind: 'fetchedRefused', fromPkiId: p.fromPkiId, seqs: p.seqs, bufferSize: p.bufferSize, limit: p.limit }];
}

function flatten(outs: readonly unknown[], env: DisseminationEnv, channel: string): AnyDisseminationOutput[] {
  const result: AnyDisseminationOutput[] = [];
  for (const o of outs as readonly ChartOutput[]) {
    if (o.kind === 'commitBatch') for (const p of o.params.payloads) result.push({ kind: 'commit', seq: p.seq, block: p.block });
    else if (o.kind === 'fetchedRefusal') result.push(...fetchedRefusal(env, channel, o.params));
    else result.push(o);
  }
  return result;
}

/** [DIS-FUNC-BUFFER-SIZE.1] The payload buffer's size after the step, if it differs from before. */
export function bufferSizeChange(before: DisseminationState, after: DisseminationState): BufferSizeOutput | undefined {
  const size = bufferSize(after.context.buffer);
  return size === bufferSize(before.context.buffer) ? undefined : { kind: 'bufferSize', size };
}

/**
 * [DIS-FUNC-CHART-CHECKS.1] VerifyBlock runs only when the channel and store rules pass (Fabric:
 * CheckValid, then VerifyBlock), so a duplicate costs no signature check.
 */
function checkReceived(env: DisseminationEnv, context: DisseminationContext, event: BlockReceived, via: 'push' | 'pull'): CheckedBlockReceived {
  const { seqNum, data } = event.envelope.payload.content.dataMsg.payload;
  const worthVerifying = event.envelope.payload.channel === context.channel
    && checkValid(context.store, context.params.maxBlockCountToStore, seqNum);
  const verdict = worthVerifying ? verifyBlock(env.crypto, env.trustedOrderers, context.channel, seqNum, data) : undefined;
  return { ...event, verdict, via };
}

/** [DIS-FUNC-CHART-CHECKS.1] [DIS-FUNC-ORDERER-BLOCK-VERIFIED.1] Fabric's deliverer verifies each block before HandleBlock. */
function checkFromOrderer(env: DisseminationEnv, context: DisseminationContext, event: BlockFromOrderer): CheckedBlockFromOrderer {
  return { ...event, verdict: verifyBlock(env.crypto, env.trustedOrderers, context.channel, event.seq, event.block) };
}

/** The seqs the store offers (not expired), ascending. */
const liveSeqs = (s: DisseminationState): number[] => liveBlocks(s.context.blocks).map((b) => b.seq);

/**
 * [DIS-FUNC-STORE-SERVES-PULL.1] [DIS-FUNC-BLOCK-EXPIRATION.1] What the store offers gained and
 * lost between two states (undefined: no change): an eviction or an expiry is a loss, the purge of
 * an expired block is none.
 */
export function storeChange(before: DisseminationState, after: DisseminationState): StoredOutput | undefined {
  if (before.context.blocks === after.context.blocks) return undefined;
  const was = liveSeqs(before);
  const now = liveSeqs(after);
  const added = now.filter((seq) => !was.includes(seq));
  const removed = was.filter((seq) => !now.includes(seq));
  return added.length + removed.length === 0 ? undefined : { kind: 'stored', added, removed };
}

function pulledTaken(event: BlocksPulled, after: DisseminationState): PulledTakenOutput {
  const stored = new Set(liveSeqs(after));
  const seqs = event.envelopes.map((e) => e.payload.content.dataMsg.payload.seqNum).filter((seq) => stored.has(seq));
  return { kind: 'pulledTaken', fromPkiId: event.fromPkiId, nonce: event.nonce, seqs };
}

/**
 * [DIS-FUNC-CHART-CHECKS.1] [DIS-FUNC-PULLED-UPDATE-ATOMIC.1] Fabric checks every block of a
 * pulled update before it stores any: blocks the store would refuse are not verified, and checking
 * stops at the first one failing VerifyBlock, which the chart drops the whole update for.
 */
function checkPulled(env: DisseminationEnv, context: DisseminationContext, event: BlocksPulled): CheckedBlocksPulled {
  const checked: CheckedBlockReceived[] = [];
  for (const envelope of event.envelopes) {
    const received: BlockReceived = { type: 'BLOCK_RECEIVED', nowMs: event.nowMs, fromPkiId: event.fromPkiId, envelope };
    const c = checkReceived(env, context, received, 'pull');
    if (c.verdict !== undefined && !c.verdict.ok) {
      return { ...event, checked, rejection: { seq: envelope.payload.content.dataMsg.payload.seqNum, detail: c.verdict.detail } };
    }
    checked.push(c);
  }
  return { ...event, checked, rejection: undefined };
}

/** The chart's event for an input: blocks with their verdicts. */
function checkedEvent(env: DisseminationEnv, context: DisseminationContext, event: DisseminationCommand): DisseminationEvent {
  switch (event.type) {
    case 'BLOCK_FROM_ORDERER':
      return checkFromOrderer(env, context, event);
    case 'BLOCK_RECEIVED':
      return checkReceived(env, context, event, 'push');
    case 'BLOCKS_PULLED':
      return checkPulled(env, context, event);
    default:
      return event;
  }
}

export function createDisseminationReducer(env: DisseminationEnv & { readonly reportStored: true; readonly reportBufferSize: true }): DisseminationPullingFetchingReducer;
export function createDisseminationReducer(env: DisseminationEnv & { readonly reportBufferSize: true }): DisseminationFetchingReducer;
export function createDisseminationReducer(env: DisseminationEnv & { readonly reportStored: true }): DisseminationPullingReducer;
export function createDisseminationReducer(env: DisseminationEnv): DisseminationReducer;
export function createDisseminationReducer(env: DisseminationEnv): DisseminationPullingFetchingReducer {
  return {
    init(input) {
      const [state, outs] = chart.init(input);
      return [state, flatten(outs, env, input.channel)];
    },
    step(state, event) {
      const checked = checkedEvent(env, state.context, event);
      const [next, outs] = chart.step(state, checked);
      const flat = flatten(outs, env, state.context.channel);
      const change = env.reportStored === true ? storeChange(state, next) : undefined;
      if (change !== undefined) flat.push(change);
      if (env.reportStored === true && checked.type === 'BLOCKS_PULLED' && checked.rejection === undefined) flat.push(pulledTaken(checked, next));
      if (env.reportStored === true && checked.type === 'BLOCK_RECEIVED' && checked.verdict !== undefined && !checked.verdict.ok) {
        flat.push({ kind: 'pushedBlockRejected', fromPkiId: checked.fromPkiId, seq: checked.envelope.payload.content.dataMsg.payload.seqNum, detail: checked.verdict.detail });
      }
      const size = env.reportBufferSize === true ? bufferSizeChange(state, next) : undefined;
      if (size !== undefined) flat.push(size);
      return [next, flat];
    },
  };
}

/**
 * [DIS-FUNC-STORE-SERVES-PULL.1] The stored blocks with their envelopes, ascending by seq (what
 * block pull serves): Fabric's Get, expired blocks left out ([DIS-FUNC-BLOCK-EXPIRATION.1]).
 */
export const storedBlocks = (s: DisseminationState): readonly StoredBlock[] => liveBlocks(s.context.blocks);
/** [DIS-FUNC-STORE-SERVES-PULL.1] The stored seqs (expired ones left out), ascending. */
export const storedSeqs = (s: DisseminationState): readonly number[] => liveSeqs(s);
/**
 * [DIS-FUNC-PULL-INGRESS-FILTER.1] Fabric's block digest ingress filter: a digest entry is worth
 * pulling only if its seq is at or above this instance's ledger height.
 */
export const wantedByIngressFilter = (s: DisseminationState, seq: number): boolean => seq >= s.context.buffer.next;

/** The next block to commit (Fabric's ledger height as the payload buffer sees it). */
export const disseminationHeight = (s: DisseminationState): number => s.context.buffer.next;
export const isDisseminationStopped = (s: DisseminationState): boolean => s.status === 'done';
