/**
 * Dissemination's chart: pushed blocks (this channel or another, claimed seq matching the header
 * or not, VerifyBlock's verdict computed on the block or drawn, so that every rule of the admission
 * table is taken), pulled updates of such blocks (checked as the reducer checks them: up to the
 * first failing VerifyBlock), orderer blocks (valid or forged, with their verdict) and fetched
 * batches near the ledger height, stop. Built from the io-ts inputs (src/dissemination/inputs.ts);
 * blocks come from the dissemination fixture's orderer, seqs are offsets from the current height so
 * that commits happen.
 */
import fc from 'fast-check';
import type { PkiId } from '../../../src/core';
import {
  checkValid,
  dataEnvelope,
  disseminationMachine,
  verifyBlock,
  type BlockVerdict,
  type DisseminationContext,
  type DisseminationStart,
} from '../../../src/dissemination';
import type { Block } from '../../../src/messages';
import { block, CHANNEL, forgeBlock, ordererKey, suite } from '../../dissemination/fixture';
import { subject, type AnyEvent } from '../harness';

const blocks = new Map<string, Block>();
function blockOf(seq: number, forged: boolean): Block {
  const key = `${seq}/${forged}`;
  let b = blocks.get(key);
  if (b === undefined) {
    b = forged ? forgeBlock(CHANNEL, seq, `prev-${seq - 1}`) : block(seq);
    blocks.set(key, b);
  }
  return b;
}

const input = fc.record({
  channel: fc.constant(CHANNEL),
  ledgerHeight: fc.integer({ min: 0, max: 3 }),
  params: fc.record({
    maxBlockCountToStore: fc.integer({ min: 1, max: 6 }),
    blockBufferSize: fc.integer({ min: 1, max: 4 }),
    blockGossipEnabled: fc.boolean(),
  }),
}) as unknown as fc.Arbitrary<DisseminationStart>;

const offset = fc.integer({ min: -2, max: 8 });
const nowMs = fc.integer({ min: 0, max: 100 });
const from = fc.constantFrom('Org1MSP/peer1', 'Org1MSP/peer2') as fc.Arbitrary<PkiId>;
const rejection = fc.constantFrom('seqMismatch', 'wrongChannel', 'dataHashMismatch', 'noOrdererSignature') as fc.Arbitrary<'seqMismatch'>;
/** 'verify': VerifyBlock's own verdict on the block; else drawn, or none (the chart must not accept a block without one). */
const verdict: fc.Arbitrary<'verify' | BlockVerdict | undefined> = fc.oneof(
  { arbitrary: fc.constant('verify' as const), weight: 6 },
  { arbitrary: fc.constant({ ok: true } as BlockVerdict), weight: 1 },
  { arbitrary: rejection.map((reason) => ({ ok: false, reason, detail: `drawn ${reason}` }) as BlockVerdict), weight: 2 },
  { arbitrary: fc.constant(undefined), weight: 1 },
);

type Raw =
  | { readonly type: 'BLOCK_RECEIVED'; readonly nowMs: number; readonly from: PkiId; readonly offset: number; readonly headerShift: number; readonly otherChannel: boolean; readonly forged: boolean; readonly verdict: 'verify' | BlockVerdict | undefined }
  | { readonly type: 'BLOCK_FROM_ORDERER'; readonly nowMs: number; readonly offset: number; readonly forged: boolean }
  | { readonly type: 'BLOCKS_PULLED'; readonly nowMs: number; readonly from: PkiId; readonly nonce: bigint; readonly blocks: readonly { readonly offset: number; readonly forged: boolean }[] }
  | { readonly type: 'BLOCKS_FETCHED'; readonly nowMs: number; readonly from: PkiId; readonly offsets: readonly number[] }
  | { readonly type: 'STOP' };

const event: fc.Arbitrary<Raw> = fc.oneof(
  {
    arbitrary: fc.record({
      type: fc.constant('BLOCK_RECEIVED' as const),
      nowMs,
      from,
      offset,
      headerShift: fc.constantFrom(0, 0, 0, 0, 0, 1),
      otherChannel: fc.constantFrom(false, false, false, false, false, true),
      forged: fc.constantFrom(false, false, false, false, true),
      verdict,
    }),
    weight: 6,
  },
  { arbitrary: fc.record({ type: fc.constant('BLOCK_FROM_ORDERER' as const), nowMs, offset: fc.constantFrom(0, 0, 0, 1, 2, -1), forged: fc.constantFrom(false, false, false, false, true) }), weight: 3 },
  {
    arbitrary: fc.record({
      type: fc.constant('BLOCKS_PULLED' as const),
      nowMs,
      from,
      nonce: fc.bigInt(0n, 3n),
      blocks: fc.array(fc.record({ offset, forged: fc.constantFrom(false, false, false, false, false, true) }), { maxLength: 4 }),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ type: fc.constant('BLOCKS_FETCHED' as const), nowMs, from, offsets: fc.array(fc.integer({ min: -1, max: 12 }), { maxLength: 6 }) }), weight: 2 },
  { arbitrary: fc.constant({ type: 'STOP' as const }), weight: 1 },
);

function resolve(raw: Raw, context: DisseminationContext): AnyEvent {
  const at = (offset: number): number => Math.max(0, context.buffer.next + offset);
  switch (raw.type) {
    case 'STOP':
      return raw;
    case 'BLOCK_FROM_ORDERER': {
      const seq = at(raw.offset);
      const b = blockOf(seq, raw.forged);
      return { type: raw.type, nowMs: raw.nowMs, seq, block: b, verdict: verifyBlock(suite, [ordererKey.identity], CHANNEL, seq, b) } as AnyEvent;
    }
    case 'BLOCKS_PULLED': {
      // As the reducer checks an update: blocks the store would refuse unverified, up to the first failure.
      const checked: AnyEvent[] = [];
      for (const { offset: o, forged } of raw.blocks) {
        const seq = at(o);
        const b = blockOf(seq, forged);
        const fresh = checkValid(context.store, context.params.maxBlockCountToStore, seq);
        const v = fresh ? verifyBlock(suite, [ordererKey.identity], CHANNEL, seq, b) : undefined;
        if (v !== undefined && !v.ok) return { type: raw.type, nowMs: raw.nowMs, fromPkiId: raw.from, nonce: raw.nonce, envelopes: [], checked, rejection: { seq, detail: v.detail } };
        checked.push({ type: 'BLOCK_RECEIVED', nowMs: raw.nowMs, fromPkiId: raw.from, envelope: dataEnvelope(CHANNEL, seq, b), verdict: v, via: 'pull' });
      }
      return { type: raw.type, nowMs: raw.nowMs, fromPkiId: raw.from, nonce: raw.nonce, envelopes: [], checked, rejection: undefined };
    }
    case 'BLOCKS_FETCHED':
      return { type: raw.type, nowMs: raw.nowMs, fromPkiId: raw.from, blocks: raw.offsets.map((o) => ({ seq: at(o), block: blockOf(at(o), false) })) } as AnyEvent;
    case 'BLOCK_RECEIVED': {
      const seq = at(raw.offset);
      const b = blockOf(seq + raw.headerShift, raw.forged);
      const channel = raw.otherChannel ? 'B' : CHANNEL;
      const v = raw.verdict === 'verify' ? verifyBlock(suite, [ordererKey.identity], CHANNEL, seq, b) : raw.verdict;
      return { type: raw.type, nowMs: raw.nowMs, fromPkiId: raw.from, envelope: dataEnvelope(channel, seq, b), verdict: v, via: 'push' } as AnyEvent;
    }
  }
}

export const disseminationSubject = subject<DisseminationStart, Raw>({ machine: disseminationMachine, input, event, resolve, maxSteps: 40, numRuns: 200 });
