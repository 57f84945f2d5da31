/**
 * State transfer over an unreliable network: fast-check draws the gap (0–1,000 blocks), the
 * responders and their heights, the batch size and, per message, loss, duplication, delay and a
 * forged copy from a peer that was not asked. The harness checks every STX invariant after every
 * step and every fetch against the requests really sent; once faults stop the lagging peer must
 * reach the highest height within the bound of [STX-LIVE-CATCH-UP.1].
 */
import fc from 'fast-check';
import { nextFloat, nextInt, pkiId, seedPrng, type PkiId, type Prng } from '../../src/core';
import type { StateTransferParams } from '../../src/statetransfer';
import { chain, forgeBlock, payloadOf, CHANNEL } from './fixture';
import { StateNet } from './harness';

const FAULTS_END_MS = 20_000;
/** Δ: after faults stop every message arrives within this (ledger reads are immediate); 2Δ < responseTimeout. */
const DELTA_MS = 50;

/** [STX-LIVE-CATCH-UP.1] checkInterval + responseTimeout + (⌈gap / (batchSize + 1)⌉ + 1) × 2Δ. */
const catchUpBoundMs = (p: StateTransferParams, gap: number): number =>
  p.checkIntervalMs + p.responseTimeoutMs + (Math.ceil(gap / (p.batchSize + 1)) + 1) * 2 * DELTA_MS;

const scenario = fc.record({
  gap: fc.integer({ min: 0, max: 1000 }),
  responderCount: fc.integer({ min: 1, max: 3 }),
  lowerHeights: fc.array(fc.integer({ min: 1, max: 1001 }), { minLength: 2, maxLength: 2 }),
  batchSize: fc.integer({ min: 1, max: 20 }),
  lossPct: fc.integer({ min: 0, max: 70 }),
  dupPct: fc.integer({ min: 0, max: 30 }),
  forgePct: fc.integer({ min: 0, max: 50 }),
  maxDelayMs: fc.integer({ min: 0, max: 800 }),
  seed: fc.integer(),
});

describe('state transfer properties', () => {
  it('[STX-LIVE-CATCH-UP.1] [STX-SAFE-ACCEPT-ONLY-AWAITED.1] [STX-SAFE-REQUEST-SHAPE.1] [STX-FUNC-RESPONSE-ACCEPTED.1] invariants hold under loss, duplication, delay and forged responses; after faults stop a peer 0–1,000 blocks behind catches up within the bound', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const params: StateTransferParams = { checkIntervalMs: 1000, responseTimeoutMs: 300, batchSize: s.batchSize, maxRetries: 3, blockBufferSize: 20, channelSize: 100 };
        const net = new StateNet(params);
        const top = s.gap + 1;
        const responders = Array.from({ length: s.responderCount }, (_, i) => net.spawn(`r${i}`, s.seed + i, i === 0 ? top : Math.min(top, s.lowerHeights[i - 1] ?? 1)));
        const me = net.spawn('me', s.seed + 10, 1);
        const mallory = pkiId('mallory');
        let prng: Prng = seedPrng(s.seed);
        const draw = (): number => {
          let v: number;
          [v, prng] = nextFloat(prng);
          return v * 100;
        };
        net.link = (m) => {
          const faulty = net.nowMs < FAULTS_END_MS;
          let delay: number;
          [delay, prng] = nextInt(prng, 0, faulty ? s.maxDelayMs : DELTA_MS);
          if (m.message.kind === 'sendStateRequest' && draw() < s.forgePct) {
            // Someone who was not asked answers with the right nonce, once with good blocks and once with a forged one.
            const blocks = chain(m.message.endSeq + 1).slice(m.message.startSeq).map(payloadOf);
            net.inject(m.from, { type: 'STATE_RESPONSE_RECEIVED', nowMs: 0, from: mallory, nonce: m.message.nonce, authorized: true, payloads: blocks }, delay);
            net.inject(m.from, { type: 'STATE_RESPONSE_RECEIVED', nowMs: 0, from: m.to, nonce: m.message.nonce + 1n, authorized: true, payloads: [payloadOf(forgeBlock(CHANNEL, m.message.startSeq, 'x'))] }, delay);
          }
          if (faulty && draw() < s.lossPct) return undefined;
          return { delayMs: delay, copies: faulty && draw() < s.dupPct ? 2 : 1 };
        };
        net.runUntil(FAULTS_END_MS);
        // Lower responders lag too and catch up the same way: the bound uses the largest gap left.
        const everyone = [...responders, me];
        const gapAtFaultsEnd = top - Math.min(...everyone.map((id) => net.height(id)));
        const deadline = FAULTS_END_MS + catchUpBoundMs(params, gapAtFaultsEnd);
        net.runUntil(deadline, () => everyone.every((id) => net.height(id) === top));
        for (const id of everyone) expect(net.height(id)).toBe(top);
        expect(net.nowMs).toBeLessThanOrEqual(deadline);
        expect(net.fetches.some((f) => f.from === mallory)).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  it('[STX-SAFE-SERVED-WITHIN-REQUEST.1] [STX-SAFE-NO-BLOCKS-UNAUTHORIZED.1] [STX-FUNC-SERVE-ONE-AT-A-TIME.1] any mix of requests: responses stay within their range and batchSize + 1 blocks, and unauthorized requesters get none', () => {
    const request = fc.record({
      requester: fc.integer({ min: 0, max: 5 }),
      startSeq: fc.integer({ min: 0, max: 40 }),
      span: fc.integer({ min: -3, max: 15 }),
      nonce: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      atMs: fc.integer({ min: 0, max: 100 }),
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 4 }), fc.array(request, { maxLength: 40 }), (height, batchSize, channelSize, requests) => {
        const net = new StateNet({ checkIntervalMs: 1000, responseTimeoutMs: 300, batchSize, maxRetries: 3, blockBufferSize: 20, channelSize });
        const srv = net.spawn('srv', 1, height);
        net.readDelayMs = 7;
        const isReader = (n: number): boolean => n % 2 === 0;
        for (const r of requests) {
          net.inject(srv, { type: 'STATE_REQUEST_RECEIVED', nowMs: 0, from: pkiId(`q${r.requester}`), nonce: r.nonce, authorized: isReader(r.requester), startSeq: r.startSeq, endSeq: Math.max(0, r.startSeq + r.span) }, r.atMs);
        }
        net.runUntil(10_000);
        for (const s of net.sent) {
          if (s.message.kind !== 'sendStateResponse') continue;
          expect(isReader(Number(s.to.slice(1)))).toBe(true);
          expect(s.message.payloads.length).toBeLessThanOrEqual(batchSize + 1);
          for (const p of s.message.payloads) expect(p.seqNum).toBeLessThan(height);
        }
        const to = (id: PkiId) => net.sent.filter((s) => s.to === id).length;
        for (let q = 1; q <= 5; q += 2) expect(to(pkiId(`q${q}`))).toBe(0);
      }),
      { numRuns: 100 },
    );
  });
});
