/**
 * No input may crash a peer: arbitrary envelopes (well-formed, legally tagged, signed by nobody),
 * malformed values, commands and timer events are fed to a running composed peer. Each step must
 * return; an input the edge rejects must change nothing but the rejection counter.
 */
import fc from 'fast-check';
import type { HostInput } from '../../src/core';
import { envelopeOf, legallyTaggedMessage, malformedMessage } from '../../src/messages/arbitraries';
import { peerStateViolation, type PeerState } from '../../src/peer';
import { FIRST_NETWORK_CHANNEL, runFirstNetwork, DEFAULT_FIRST_NETWORK } from '../../src/scenarios/first-network';
import { peerState, type World } from '../../src/sim';

// A peer in the middle of a real run: members known, a channel joined, a leader elected.
const world: World<PeerState> = runFirstNetwork({ ...DEFAULT_FIRST_NETWORK, untilMs: 65_000, tracing: false });
const base = peerState(world, 'peer1.org1');
const reducer = world.config.reducer;
const from = { pkiId: 'Org1MSP/peer0.org1' as never, identity: 'Org1MSP\npeer0.org1', endpoint: 'peer0.org1.example.com:7051' };
const withoutCounters = (s: PeerState) => ({ ...s, rejected: {} });

const hostInput: fc.Arbitrary<HostInput> = fc.oneof(
  envelopeOf(legallyTaggedMessage()).map((payload): HostInput => ({ kind: 'receive', nowMs: 65_001, from, payload })),
  malformedMessage().map((m): HostInput => ({ kind: 'receive', nowMs: 65_001, from, payload: { payload: m.value, signature: '' } })),
  fc.anything().map((payload): HostInput => ({ kind: 'receive', nowMs: 65_001, from, payload })),
  fc.anything().map((command): HostInput => ({ kind: 'command', nowMs: 65_001, command })),
  fc.tuple(fc.constantFrom('membership|x', 'emitter|y', `election|${FIRST_NETWORK_CHANNEL}|z`, 'nobody'), fc.anything()).map(
    ([timerId, event]): HostInput => ({ kind: 'timer', nowMs: 65_001, timerId, event }),
  ),
  fc.tuple(fc.string(), fc.nat(), fc.anything()).map(([channel, seq, block]): HostInput => ({ kind: 'ordererBlock', nowMs: 65_001, channel, seq, block })),
);

describe('robustness of the composed peer', () => {
  it('[GEN-FUNC-BAD-INPUT.1] [PEER-FUNC-EDGE-DECODE.1] any input: the step returns, invariants hold, and a rejected input changes only the counter', () => {
    fc.assert(
      fc.property(hostInput, (input) => {
        const [next, effects] = reducer.step(base, input);
        expect(Array.isArray(effects)).toBe(true);
        expect(peerStateViolation(next)).toBeUndefined();
        const rejectedBefore = Object.values(base.rejected).reduce((a, b) => a + b, 0);
        const rejectedAfter = Object.values(next.rejected).reduce((a, b) => a + b, 0);
        if (rejectedAfter > rejectedBefore) expect(withoutCounters(next)).toEqual(withoutCounters(base));
      }),
      { numRuns: 300 },
    );
  });
});
