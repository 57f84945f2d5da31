/**
 * State transfer's chart: heights (ours and advertised), the buffer size, state requests of any
 * range, state responses, the host's ledger reads, stop, and stray timer events. Built from the
 * io-ts inputs (src/statetransfer/inputs.ts) over small pools; a response may answer the
 * outstanding request (its peer and nonce, payloads from its start seq, some short, long or with a
 * gap) and a ledger read the read in progress, so that the accepting paths are taken.
 */
import fc from 'fast-check';
import type { PkiId } from '../../../src/core';
import {
  CHECK_INTERVAL_EVENT,
  RESPONSE_TIMEOUT_EVENT,
  stateTransferMachine,
  type StateTransferContext,
  type StateTransferStart,
} from '../../../src/statetransfer';
import { chain, payloadOf } from '../../statetransfer/fixture';
import { subject, type AnyEvent } from '../harness';

const PEERS = ['p0', 'p1', 'p2', 'p3'] as PkiId[];
const pkiId = fc.constantFrom(...PEERS);
const nowMs = fc.integer({ min: 0, max: 100 });
const CHAIN = chain(24);
const payload = (seq: number) => payloadOf(CHAIN[Math.min(seq, CHAIN.length - 1)] as (typeof CHAIN)[number]);

const input: fc.Arbitrary<StateTransferStart> = fc.record({
  selfId: pkiId,
  seed: fc.nat(1000),
  params: fc.record({
    checkIntervalMs: fc.integer({ min: 1, max: 30 }),
    responseTimeoutMs: fc.integer({ min: 1, max: 30 }),
    batchSize: fc.integer({ min: 1, max: 3 }),
    maxRetries: fc.integer({ min: 0, max: 2 }),
    blockBufferSize: fc.integer({ min: 1, max: 3 }),
    channelSize: fc.integer({ min: 1, max: 3 }),
  }),
  ledgerHeight: fc.integer({ min: 1, max: 4 }),
}) as never;

type Raw =
  | { readonly type: 'LEDGER_HEIGHT'; readonly delta: number }
  | { readonly type: 'HEIGHTS_ADVERTISED'; readonly peers: readonly { pkiId: PkiId; height: number }[] }
  | { readonly type: 'BUFFER_SIZE'; readonly size: number }
  | { readonly type: 'STATE_REQUEST_RECEIVED'; readonly nowMs: number; readonly from: PkiId; readonly nonce: bigint; readonly authorized: boolean; readonly startSeq: number; readonly span: number }
  | {
      readonly type: 'STATE_RESPONSE_RECEIVED';
      readonly nowMs: number;
      readonly from: PkiId;
      readonly nonce: bigint;
      readonly authorized: boolean;
      /** Answer the outstanding request (its peer and nonce, payloads from its start). */
      readonly awaited: boolean;
      /** Payloads: the whole batch asked for, or this many. */
      readonly count: 'batch' | number;
      readonly gapAt: number | undefined;
      readonly verdictOk: boolean;
    }
  | { readonly type: 'LEDGER_READ'; readonly answersReading: boolean; readonly correlation: number; readonly count: number }
  | { readonly type: 'STOP' }
  | { readonly type: typeof CHECK_INTERVAL_EVENT | typeof RESPONSE_TIMEOUT_EVENT };

const event: fc.Arbitrary<Raw> = fc.oneof(
  { arbitrary: fc.record({ type: fc.constant('LEDGER_HEIGHT' as const), delta: fc.integer({ min: 0, max: 3 }) }), weight: 8 },
  {
    arbitrary: fc.record({
      type: fc.constant('HEIGHTS_ADVERTISED' as const),
      peers: fc.uniqueArray(fc.record({ pkiId, height: fc.integer({ min: 0, max: 14 }) }), { selector: (p) => p.pkiId, maxLength: 4 }),
    }),
    weight: 12,
  },
  { arbitrary: fc.record({ type: fc.constant('BUFFER_SIZE' as const), size: fc.integer({ min: 0, max: 8 }) }), weight: 8 },
  {
    arbitrary: fc.record({
      type: fc.constant('STATE_REQUEST_RECEIVED' as const),
      nowMs,
      from: pkiId,
      nonce: fc.bigInt(0n, 3n),
      authorized: fc.constantFrom(true, true, true, false),
      startSeq: fc.integer({ min: 0, max: 10 }),
      span: fc.integer({ min: -1, max: 4 }),
    }),
    weight: 12,
  },
  {
    arbitrary: fc.record({
      type: fc.constant('STATE_RESPONSE_RECEIVED' as const),
      nowMs,
      from: pkiId,
      nonce: fc.bigInt(0n, 3n),
      authorized: fc.constantFrom(true, true, true, true, true, true, true, false),
      awaited: fc.constantFrom(true, true, true, true, true, true, true, false),
      count: fc.oneof({ arbitrary: fc.constant('batch' as const), weight: 2 }, { arbitrary: fc.integer({ min: 0, max: 5 }), weight: 1 }),
      gapAt: fc.option(fc.nat(4), { nil: undefined, freq: 6 }),
      verdictOk: fc.constantFrom(true, true, true, true, true, true, true, false),
    }),
    weight: 24,
  },
  {
    arbitrary: fc.record({
      type: fc.constant('LEDGER_READ' as const),
      answersReading: fc.constantFrom(true, true, true, false),
      correlation: fc.nat(4),
      count: fc.integer({ min: 0, max: 3 }),
    }),
    weight: 12,
  },
  { arbitrary: fc.constant({ type: 'STOP' as const }), weight: 1 },
  { arbitrary: fc.constantFrom(CHECK_INTERVAL_EVENT, RESPONSE_TIMEOUT_EVENT).map((type) => ({ type })), weight: 4 },
);

function resolve(raw: Raw, context: StateTransferContext, timer: AnyEvent | undefined): AnyEvent {
  if (timer !== undefined) return timer;
  switch (raw.type) {
    case 'LEDGER_HEIGHT':
      return { type: raw.type, height: context.ledgerHeight + raw.delta };
    case 'STATE_REQUEST_RECEIVED': {
      const { span, ...rest } = raw;
      return { ...rest, endSeq: Math.max(0, raw.startSeq + span) } as AnyEvent;
    }
    case 'STATE_RESPONSE_RECEIVED': {
      const request = raw.awaited ? context.transfer?.request : undefined;
      const start = request?.startSeq ?? 0;
      const count = raw.count === 'batch' ? (request === undefined ? 1 : request.endSeq - request.startSeq + 1) : raw.count;
      const seqs = Array.from({ length: count }, (_, i) => start + i + (raw.gapAt !== undefined && i >= raw.gapAt ? 1 : 0));
      return {
        type: raw.type,
        nowMs: raw.nowMs,
        from: request?.to ?? raw.from,
        nonce: request?.nonce ?? raw.nonce,
        authorized: raw.authorized,
        payloads: seqs.map(payload),
        verdict: raw.verdictOk ? { ok: true, detail: '' } : { ok: false, detail: 'drawn: block invalid' },
      } as AnyEvent;
    }
    case 'LEDGER_READ': {
      const reading = raw.answersReading ? context.reading : null;
      const start = reading?.startSeq ?? 0;
      return { type: raw.type, correlation: reading?.correlation ?? raw.correlation, blocks: CHAIN.slice(start, start + raw.count) } as AnyEvent;
    }
    default:
      return raw;
  }
}

export const statetransferSubject = subject<StateTransferStart, Raw>({ machine: stateTransferMachine, input, event, resolve, maxSteps: 40, numRuns: 300, timerShare: 1 / 4 });
