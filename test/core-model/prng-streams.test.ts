/**
 * [GEN-FUNC-PRNG-STREAMS.1] one PRNG stream per subsystem: forked per label, and a draw added in
 * one stream never moves another, down to the simulator's network fates.
 */
import fc from 'fast-check';
import { forkPrng, nextInt, type Effect, type PeerReducer, type Prng } from '../../src/core';
import { advanceTo, command, createWorld, traceEvents } from '../../src/sim';
import { specsOf } from '../sim/test-peer';

/** The labels the code forks today: the simulator's two streams, membership's, the peer's routing. */
const LABELS = ['sim/network', 'sim/faults', 'membership', 'routing'];

function draws(prng: Prng, n: number): [number[], Prng] {
  const out: number[] = [];
  let p = prng;
  for (let i = 0; i < n; i++) {
    const [v, next] = nextInt(p, 0, 0xffffffff);
    out.push(v);
    p = next;
  }
  return [out, p];
}

describe('[GEN-FUNC-PRNG-STREAMS.1] one PRNG stream per subsystem', () => {
  it('[GEN-FUNC-PRNG-STREAMS.1] the labels in use fork pairwise different streams from one seed', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const firstDraws = LABELS.map((label) => draws(forkPrng(seed, label), 4)[0].join(','));
        expect(new Set(firstDraws).size).toBe(LABELS.length);
      }),
      { numRuns: 300 },
    );
  });

  it('[GEN-FUNC-PRNG-STREAMS.1] drawing from one stream, any number of times, leaves another stream\'s draws as they were', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 50 }), (seed, extra) => {
        const untouched = draws(forkPrng(seed, 'routing'), 8)[0];
        const membership = forkPrng(seed, 'membership');
        const routing = forkPrng(seed, 'routing');
        const [, advanced] = draws(membership, extra);
        expect(advanced.state).not.toEqual(membership.state);
        expect(draws(routing, 8)[0]).toEqual(untouched);
      }),
      { numRuns: 200 },
    );
  });

  it('[GEN-FUNC-PRNG-STREAMS.1] in the simulator, peers drawing more from their own streams do not change the network\'s fates', () => {
    // A peer that, on every command, draws `extra` numbers from its own stream, then sends to everyone.
    type S = { readonly prng: Prng; readonly drawn: number };
    const specs = specsOf(['p0', 'p1', 'p2', 'p3']);
    const everyoneElse = (me: string): Effect => ({ kind: 'send', to: specs.filter((s) => s.name !== me).map((s) => ({ pkiId: s.pkiId, endpoint: s.internalEndpoint })), message: me });
    const run = (extra: number) => {
      const reducer: PeerReducer<S> = {
        step: (s, input) => {
          if (input.kind !== 'command') return [s, []];
          const [, prng] = draws(s.prng, extra);
          return [{ prng, drawn: s.drawn + extra }, [everyoneElse(String(input.command))]];
        },
      };
      let w = createWorld<S>({
        seed: 77,
        peers: specs,
        reducer,
        initPeer: (spec) => [{ prng: forkPrng(77, `test/${spec.name}`), drawn: 0 }, []],
        network: { minLatencyMs: 1, maxLatencyMs: 50, lossProbability: 0.3, duplicationProbability: 0.3 },
      });
      for (const name of ['p0', 'p1', 'p2', 'p3', 'p0', 'p2']) w = command(w, name, name);
      w = advanceTo(w, 1000);
      return traceEvents(w).filter((l) => l.k === 'deliver' || l.k === 'drop' || l.k === 'dup');
    };
    const calm = run(0);
    expect(calm.filter((l) => l.k === 'drop').length).toBeGreaterThan(0);
    expect(calm.filter((l) => l.k === 'dup').length).toBeGreaterThan(0);
    expect(run(17)).toEqual(calm);
  });
});
