/**
 * Membership's three charts (the discovery chart's subject is ./discovery.ts). Payloads come from
 * small pools so that guards comparing them (same sender, newer PeerTime, echoed nonce, this
 * attempt) are often true.
 */
import fc from 'fast-check';
import type { PkiId } from '../../../src/core';
import { connectMachine, memberMachine, type AliveEnvelope, type ConnectContext } from '../../../src/membership';
import { subject, type AnyEvent } from '../harness';

const pkiId = fc.constantFrom('p0', 'p1', 'p2', 'p3') as fc.Arbitrary<PkiId>;

/** Only the fields the chart reads; both interpreters receive the same objects. */
const envelope = fc
  .record({ incNum: fc.bigInt(0n, 2n), seqNum: fc.bigInt(0n, 3n), endpoint: fc.constantFrom('a:1', 'b:2'), internal: fc.constantFrom('', 'i:1') })
  .map(
    ({ incNum, seqNum, endpoint, internal }) =>
      ({
        payload: { content: { aliveMsg: { membership: { pkiId: 'm', endpoint, metadata: `${endpoint}/${seqNum}` }, timestamp: { incNum, seqNum } } } },
        ...(internal ? { secretEnvelope: { payload: { internalEndpoint: internal } } } : {}),
      }) as unknown as AliveEnvelope,
  );
const nowMs = fc.integer({ min: 0, max: 100 });

export const memberSubject = subject({
  machine: memberMachine,
  input: fc.record({ pkiId }),
  event: fc.oneof(
    { arbitrary: fc.record({ type: fc.constant('ALIVE' as const), nowMs, envelope }), weight: 4 },
    { arbitrary: fc.record({ type: fc.constant('LEARN_DEAD' as const), nowMs, envelope }), weight: 1 },
    { arbitrary: fc.record({ type: fc.constant('EXPIRE' as const), nowMs, aliveExpirationTimeoutMs: fc.integer({ min: 0, max: 50 }) }), weight: 2 },
    { arbitrary: fc.constant({ type: 'PRESUMED_DEAD' as const }), weight: 1 },
    { arbitrary: fc.constant({ type: 'PURGE' as const }), weight: 1 },
  ),
  maxSteps: 30,
  numRuns: 150,
});

const attempt = fc.integer({ min: 0, max: 3 });
const nonce = fc.bigInt(0n, 2n);
const connectEvent = fc.oneof(
  { arbitrary: fc.record({ type: fc.constant('HANDSHAKE_OK' as const), attempt, pkiId, inMyOrg: fc.boolean(), nonce }), weight: 4 },
  { arbitrary: fc.record({ type: fc.constant('HANDSHAKE_FAILED' as const), attempt }), weight: 3 },
  { arbitrary: fc.record({ type: fc.constant('RESPONSE' as const), nonce }), weight: 4 },
  { arbitrary: fc.constant({ type: 'STOP' as const }), weight: 1 },
);
type ConnectRaw = { readonly event: { readonly type: string; readonly attempt?: number; readonly nonce?: bigint }; readonly echo: boolean };

export const connectSubject = subject({
  machine: connectMachine,
  input: fc.record({
    endpoint: fc.constantFrom('boot:1', 'anchor:2'),
    kind: fc.constantFrom('bootstrap' as const, 'anchor' as const),
    claimedInMyOrg: fc.boolean(),
    maxConnectionAttempts: fc.integer({ min: 1, max: 3 }),
    reconnectIntervalMs: fc.integer({ min: 1, max: 30 }),
  }),
  // Mostly answering this attempt, and echoing the request's nonce.
  event: fc.record({ event: connectEvent, echo: fc.constantFrom(true, true, true, false) }) as fc.Arbitrary<ConnectRaw>,
  resolve: ({ event, echo }: ConnectRaw, context: ConnectContext, timer: AnyEvent | undefined): AnyEvent => {
    if (timer !== undefined) return timer;
    if (!echo) return event;
    if (event.type === 'RESPONSE') return { ...event, nonce: context.nonce };
    if (event.attempt !== undefined) return { ...event, attempt: context.attempt };
    return event;
  },
  maxSteps: 30,
  numRuns: 150,
});
