/**
 * The pull engine's chart: item and peer updates, the four messages of a round in both roles,
 * stop, and stray timer events (a fire the chart no longer waits for). Built from the io-ts
 * inputs (src/pull/inputs.ts) over small pools; a digest or update may echo a nonce the current
 * round sent (with its peer) and a request a remembered hello, so that the nonce guards hold often.
 */
import fc from 'fast-check';
import type { PkiId } from '../../../src/core';
import {
  DIGEST_WAIT_EVENT,
  PULL_INTERVAL_EVENT,
  pullMachine,
  REQUEST_WAIT_EVENT,
  RESPONSE_WAIT_EVENT,
  type PullContext,
  type PullEvent,
  type PullStart,
} from '../../../src/pull';
import { subject, type AnyEvent } from '../harness';

const PEERS = ['p0', 'p1', 'p2', 'p3'] as PkiId[];
const pkiId = fc.constantFrom(...PEERS);
const ids = fc.subarray(['1', '2', '3', '4', '5']);
const ms = fc.integer({ min: 1, max: 30 });

const input = fc.record({
  selfId: pkiId,
  seed: fc.nat(1000),
  params: fc.record({ pullIntervalMs: ms, pullPeerNum: fc.integer({ min: 1, max: 4 }), digestWaitTimeMs: ms, requestWaitTimeMs: ms, responseWaitTimeMs: ms }),
}) as unknown as fc.Arbitrary<PullStart>;

const fromNonce = { nowMs: fc.integer({ min: 0, max: 120 }), from: pkiId, nonce: fc.bigInt(0n, 3n) };

/** A generated event, and whether to make it echo the state (`echo` picks which nonce). */
interface Raw {
  readonly event: PullEvent;
  readonly echo: number | undefined;
}

const event: fc.Arbitrary<PullEvent> = fc.oneof(
  { arbitrary: fc.record({ type: fc.constant('ITEMS_ADDED' as const), ids }), weight: 3 },
  { arbitrary: fc.record({ type: fc.constant('ITEMS_REMOVED' as const), ids }), weight: 1 },
  { arbitrary: fc.record({ type: fc.constant('PEERS_UPDATED' as const), peers: fc.subarray(PEERS) }), weight: 2 },
  { arbitrary: fc.record({ type: fc.constant('HELLO_RECEIVED' as const), ...fromNonce }), weight: 4 },
  { arbitrary: fc.record({ type: fc.constant('DIGEST_RECEIVED' as const), ...fromNonce, ids }), weight: 3 },
  { arbitrary: fc.record({ type: fc.constant('REQUEST_RECEIVED' as const), ...fromNonce, ids }), weight: 4 },
  { arbitrary: fc.record({ type: fc.constant('UPDATE_RECEIVED' as const), ...fromNonce, ids }), weight: 3 },
  { arbitrary: fc.constant({ type: 'STOP' as const }), weight: 1 },
  { arbitrary: fc.constantFrom(PULL_INTERVAL_EVENT, DIGEST_WAIT_EVENT, RESPONSE_WAIT_EVENT, REQUEST_WAIT_EVENT).map((type) => ({ type }) as PullEvent), weight: 1 },
);

function resolve(raw: Raw, context: PullContext, timer: AnyEvent | undefined): AnyEvent {
  if (timer !== undefined) return timer;
  const e = raw.event;
  if (raw.echo === undefined) return e;
  if (e.type === 'DIGEST_RECEIVED' || e.type === 'UPDATE_RECEIVED') {
    const hello = context.round.outgoing[raw.echo % Math.max(1, context.round.outgoing.length)];
    return hello === undefined ? e : { ...e, from: hello.peer, nonce: hello.nonce };
  }
  if (e.type === 'REQUEST_RECEIVED') {
    // A remembered hello's request, mostly before it expires (its nowMs then counts down from the expiry).
    const hello = context.incoming[raw.echo % Math.max(1, context.incoming.length)];
    const held = context.items[raw.echo % Math.max(1, context.items.length)];
    const ids = held === undefined || e.ids.includes(held) ? e.ids : [...e.ids, held];
    return hello === undefined ? e : { ...e, from: hello.from, nonce: hello.nonce, nowMs: Math.max(0, hello.expiresAtMs - 1 - (e.nowMs % 8)), ids };
  }
  return e;
}

export const pullSubject = subject<PullStart, Raw>({
  machine: pullMachine,
  input,
  event: fc.record({ event, echo: fc.option(fc.nat(3), { nil: undefined, freq: 3 }) }),
  resolve,
  maxSteps: 40,
  numRuns: 200,
});
