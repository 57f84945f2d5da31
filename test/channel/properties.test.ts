/**
 * Properties over random input sequences (fast-check prints the seed and the shrunk case; replay
 * with { seed, path }): every invariant holds after every step (checked by the fixture's driver),
 * a rejected input leaves the state deep-equal, and no StateInfo of an org outside the channel is
 * ever cached.
 */
import fc from 'fast-check';
import { cacheInOrder, type ChannelEvent } from '../../src/channel';
import { configOf, memberOf, membership, ORG1, ORG2, ORG3, pushed, snapshotFrom, pullRequestFrom, startChannel, stateInfoOf, testPeer, channelA, macOf, FABRIC_TEST_PARAMS } from './fixture';

const orgs = [ORG1, ORG2, ORG3];
const peers = orgs.flatMap((o) => [0, 1].map((i) => testPeer(o, `q${i}`)));
const peerArb = fc.constantFrom(...peers);

const eventArb: fc.Arbitrary<(nowMs: number) => ChannelEvent | 'advance'> = fc.oneof(
  fc.tuple(peerArb, peerArb, fc.nat(9), fc.boolean(), fc.constantFrom('ok', 'badMac', 'forged', 'unknownSubject')).map(([from, subject, h, left, kind]) => () => {
    const env =
      kind === 'badMac' ? stateInfoOf(subject, h, { mac: macOf(from) }) : kind === 'forged' ? stateInfoOf(subject, h, { signer: from.key }) : stateInfoOf(subject, h, { leftChannel: left });
    return kind === 'unknownSubject' ? pushed(from, env) : pushed(from, env, subject);
  }),
  fc.tuple(peerArb, fc.array(peerArb, { maxLength: 3 })).map(([from, subjects]) => () => snapshotFrom(from, channelA, subjects.map((s) => stateInfoOf(s, 1)), ...subjects)),
  peerArb.map((from) => () => pullRequestFrom(from)),
  fc.subarray(peers).map((alive) => () => membership(alive.map((p) => memberOf(p)))),
  fc.tuple(fc.integer({ min: 2, max: 50 }), fc.subarray(orgs, { minLength: 1 })).map(([seq, os]) => () => ({ type: 'CONFIG_UPDATED', config: configOf(seq, ORG1, ...os) }) as ChannelEvent),
  fc.nat(20).map((h) => (nowMs: number) => ({ type: 'LEDGER_HEIGHT', nowMs, height: h }) as ChannelEvent),
  fc.constant((nowMs: number) => ({ type: 'LEAVE', nowMs }) as ChannelEvent),
  fc.constant(() => 'advance' as const),
);

describe('channel properties', () => {
  it('[CHN-SAFE-CACHE-IN-CHANNEL.1] [CHN-SAFE-REJECT-CHANGES-NOTHING.1] [CHN-SAFE-SELF-TIME-MONOTONIC.1] invariants hold after every step; a rejected input leaves the state equal; no StateInfo of a non-channel org is cached', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 40 }), fc.integer(), (events, seed) => {
        const d = startChannel({ self: peers[0]!, config: configOf(1, ORG1, ORG2), seed });
        for (const make of events) {
          const ev = make(d.nowMs);
          if (ev === 'advance') {
            d.advanceBy(FABRIC_TEST_PARAMS.publishStateInfoIntervalMs);
            continue;
          }
          const before = d.state;
          const [after, outs] = d.reducer.step(before, ev);
          if (outs.some((o) => o.kind === 'rejected')) expect(after).toEqual(before);
          d.send(ev); // the driver checks every invariant on the same step
          for (const [pki, c] of cacheInOrder(d.state.context.cache)) {
            if (pki !== peers[0]!.pkiId) expect(d.state.context.orgs).toContain(c.org);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
