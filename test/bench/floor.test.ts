/**
 * The bench's floor (src/bench/floor.ts): trivial peers whose events are only timer firings and
 * deliveries, at a rate fixed by the period and the fan-out, so that its figure is the simulator's
 * own cost per event of a known mix.
 */
import { floorWorld, trivialPeers } from '../../src/bench/floor';
import { advanceTo, countOf, inFlightCount, simplePeerSpec } from '../../src/sim';

const O = { periodMs: 40, fanOut: 3 };

describe('the simulator floor\'s trivial peers', () => {
  it('fire once per period each and send to fan-out peers per firing, so a window holds N·W/period timers and 3 deliveries per timer', () => {
    const orgs = 3;
    const peersPerOrg = 7;
    const n = orgs * peersPerOrg;
    const warm = advanceTo(floorWorld(orgs, peersPerOrg, O), 2_000);
    const end = advanceTo(warm, 4_000);
    const timers = countOf(end.stats, 'timer') - countOf(warm.stats, 'timer');
    const sends = countOf(end.stats, 'send') - countOf(warm.stats, 'send');
    const deliveries = countOf(end.stats, 'deliver') - countOf(warm.stats, 'deliver');
    // Each peer's tick is periodic from its own phase, so every 40 ms of the window holds one tick of each.
    expect(timers).toBe((n * 2_000) / O.periodMs);
    expect(sends).toBe(O.fanOut * timers);
    // Nothing is lost (default network): every send is delivered or still in flight at either edge.
    expect(countOf(end.stats, 'deliver') + inFlightCount(end)).toBe(countOf(end.stats, 'send'));
    expect(Math.abs(deliveries - sends)).toBeLessThanOrEqual(inFlightCount(warm) + inFlightCount(end));
    // The window's events are exactly its timers and deliveries (what floor.simulator counts).
    expect(end.step - warm.step).toBe(timers + deliveries);
  });

  it('is deterministic: the same world steps to the same counts and in-flight envelopes', () => {
    const a = advanceTo(floorWorld(2, 10, O), 1_000);
    const b = advanceTo(floorWorld(2, 10, O), 1_000);
    expect(a.step).toBe(b.step);
    expect(countOf(a.stats, 'deliver')).toBe(countOf(b.stats, 'deliver'));
    expect(inFlightCount(a)).toBe(inFlightCount(b));
    expect(a.step).toBeGreaterThan(0);
  });

  it('draws recipients across the whole network from its seeded stream, and ignores what it receives', () => {
    const specs = Array.from({ length: 20 }, (_, i) => simplePeerSpec(`p${i}`, 'Org1MSP'));
    const { reducer, initPeer } = trivialPeers(specs, O);
    let [state, effects] = initPeer(specs[0]!);
    expect(effects).toEqual([{ kind: 'setTimer', timerId: 'floor.tick', delayMs: 1, event: 'floor.tick' }]);
    const received = new Set<string>();
    // 500 ticks x 3 draws over 20 peers: a peer is missed with probability below 20 x (19/20)^1500, about 1e-32.
    for (let t = 0; t < 500; t++) {
      [state, effects] = reducer.step(state, { kind: 'timer', nowMs: t, timerId: 'floor.tick', event: 'floor.tick' });
      const send = effects[0];
      if (send?.kind !== 'send') throw new Error(`expected a send first, got ${JSON.stringify(effects)}`);
      expect(send.to).toHaveLength(O.fanOut);
      for (const to of send.to) received.add(to.pkiId);
      expect(effects[1]).toEqual({ kind: 'setTimer', timerId: 'floor.tick', delayMs: O.periodMs, event: 'floor.tick' });
    }
    expect(received.size).toBe(20);
    const [after, none] = reducer.step(state, { kind: 'receive', nowMs: 0, from: { pkiId: specs[1]!.pkiId, identity: specs[1]!.identity, endpoint: specs[1]!.internalEndpoint }, payload: { floor: 0 } });
    expect(after).toBe(state);
    expect(none).toEqual([]);
  });
});
