/**
 * Local safety predicates, keyed by requirement id; each returns a violation message or undefined.
 * State invariants look at one state; step invariants at one step (before, input, outputs, after).
 */
import { violations } from '../core/invariants';
import type { StateTransferContext } from './context';
import type { StateTransferCommand, StateTransferTimerEvent } from './inputs';
import { responseShapeError } from './ranges';
import { stateTransferRegions, type StateTransferOutput, type StateTransferState } from './step';

type StateCheck = (s: StateTransferState) => string | undefined;

export const stateTransferStateInvariants: Readonly<Record<string, StateCheck>> = {
  /** [STX-FUNC-SERVE-ONE-AT-A-TIME.1] one request read at a time, at most channelSize waiting, none waiting while nothing is read. */
  'STX-FUNC-SERVE-ONE-AT-A-TIME.1': (s) => {
    const { reading, queue, params } = s.context;
    if (queue.length > params.channelSize) return `${queue.length} requests queued, more than channelSize ${params.channelSize}`;
    const responder = stateTransferRegions(s).responder;
    if (responder === 'reading' && reading === null) return 'reading with no request';
    if (responder === 'idle' && (reading !== null || queue.length > 0)) return 'idle with a request read or queued';
    return undefined;
  },
  /** [STX-SAFE-ACCEPT-ONLY-AWAITED.1] a transfer exists exactly while requesting or waiting for the buffer. */
  'STX-SAFE-ACCEPT-ONLY-AWAITED.1': (s) => {
    const requester = stateTransferRegions(s).requester;
    const active = requester === 'requesting' || requester === 'awaitingBuffer';
    if (active !== (s.context.transfer !== null)) return `requester ${requester} with transfer ${s.context.transfer === null ? 'absent' : 'present'}`;
    return undefined;
  },
};

export interface StateTransferStepRecord {
  readonly before: StateTransferState;
  readonly event: StateTransferCommand | StateTransferTimerEvent;
  readonly outputs: readonly StateTransferOutput[];
  readonly after: StateTransferState;
}
type StepCheck = (r: StateTransferStepRecord) => string | undefined;

const heightOf = (c: StateTransferContext, peer: string): number => c.heights.find((p) => p.pkiId === peer)?.height ?? 0;

export const stateTransferStepInvariants: Readonly<Record<string, StepCheck>> = {
  /** [STX-SAFE-REQUEST-SHAPE.1] a request spans start ≤ end ≤ start + batchSize and goes to another peer whose height covers end. */
  'STX-SAFE-REQUEST-SHAPE.1': (r) => {
    const c = r.after.context;
    for (const o of r.outputs) {
      if (o.kind !== 'sendStateRequest') continue;
      if (o.startSeq > o.endSeq || o.endSeq > o.startSeq + c.params.batchSize) return `request [${o.startSeq}, ${o.endSeq}] breaks batchSize ${c.params.batchSize}`;
      if (o.to === c.selfId) return 'request to self';
      if (heightOf(c, o.to) <= o.endSeq) return `request for ${o.endSeq} to ${o.to}, which advertises height ${heightOf(c, o.to)}`;
      if (c.transfer?.request.nonce !== o.nonce || c.transfer.request.to !== o.to) return 'request sent is not the outstanding one';
    }
    return undefined;
  },
  /**
   * [STX-SAFE-ACCEPT-ONLY-AWAITED.1] blocks are fetched only from the authorized response of the
   * outstanding request's peer with its nonce, while requesting, consecutive from its start within
   * its end; and at most one request is outstanding.
   */
  'STX-SAFE-ACCEPT-ONLY-AWAITED.1': (r) => {
    const fetched = r.outputs.filter((o) => o.kind === 'blocksFetched');
    if (r.outputs.filter((o) => o.kind === 'sendStateRequest').length > 1) return 'two requests in one step';
    if (fetched.length === 0) return undefined;
    const e = r.event;
    const req = r.before.context.transfer?.request;
    if (fetched.length > 1) return 'two fetches in one step';
    if (e.type !== 'STATE_RESPONSE_RECEIVED') return `blocks fetched on ${e.type}`;
    if (stateTransferRegions(r.before).requester !== 'requesting' || req === undefined) return 'blocks fetched while no request was outstanding';
    if (!e.authorized || e.from !== req.to || e.nonce !== req.nonce) return `blocks fetched from ${e.from} (nonce ${e.nonce}), but ${req.to} was asked with ${req.nonce}`;
    const shape = responseShapeError(req, fetched[0]?.kind === 'blocksFetched' ? fetched[0].payloads : []);
    return shape === undefined ? undefined : `fetched blocks are not a prefix of the asked range: ${shape}`;
  },
  /** [STX-SAFE-SERVED-WITHIN-REQUEST.1] a response answers the request read, with blocks of its range only, increasing, at most batchSize + 1. */
  'STX-SAFE-SERVED-WITHIN-REQUEST.1': (r) => {
    for (const o of r.outputs) {
      if (o.kind !== 'sendStateResponse') continue;
      const read = r.before.context.reading;
      if (r.event.type !== 'LEDGER_READ' || read === null) return 'a response sent without a ledger read';
      if (o.to !== read.from || o.nonce !== read.nonce) return `response to ${o.to} answers no request read`;
      if (o.payloads.length > r.before.context.params.batchSize + 1) return `${o.payloads.length} blocks served, more than batchSize + 1`;
      let last = read.startSeq - 1;
      for (const p of o.payloads) {
        if (p.seqNum <= last || p.seqNum > read.endSeq || p.data.header.number !== p.seqNum) return `block ${p.seqNum} served for [${read.startSeq}, ${read.endSeq}]`;
        last = p.seqNum;
      }
    }
    return undefined;
  },
  /** [STX-SAFE-NO-BLOCKS-UNAUTHORIZED.1] an unauthorized request changes nothing but a rejection: no read, no response, no queue entry. */
  'STX-SAFE-NO-BLOCKS-UNAUTHORIZED.1': (r) => {
    const e = r.event;
    if (e.type !== 'STATE_REQUEST_RECEIVED' || e.authorized) return undefined;
    if (r.outputs.some((o) => o.kind !== 'rejected')) return `unauthorized request from ${e.from} caused ${r.outputs.map((o) => o.kind).join(', ')}`;
    if (r.after.context.queue !== r.before.context.queue || r.after.context.reading !== r.before.context.reading) return `unauthorized request from ${e.from} was taken`;
    return undefined;
  },
};

/** Every violated invariant of one step, as `ID: message`. */
export function stateTransferViolations(r: StateTransferStepRecord): string[] {
  return [...violations(stateTransferStateInvariants, r.after), ...violations(stateTransferStepInvariants, r)];
}
