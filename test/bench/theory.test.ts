/**
 * The epidemic formulas the bench prints beside its dissemination figures (reference: peers.md
 * §2.6): infect-and-die push with fan-out f leaves a share π = e^(−f(1−π)) unreached in the limit
 * of many peers; push needs about log_{f+1} N + ln N / f rounds.
 */
import fc from 'fast-check';
import { epidemicReach, pushRoundsTheory } from '../../src/bench/dissemination';

describe('the bench\'s dissemination theory', () => {
  it('1 − π solves the fixed point π = e^(−f(1−π)) strictly inside (0, 1) for every fan-out above 1', () => {
    fc.assert(
      fc.property(fc.double({ min: 1.05, max: 12, noNaN: true }), (f) => {
        const reached = epidemicReach(f);
        const pi = 1 - reached;
        expect(reached).toBeGreaterThan(0);
        expect(reached).toBeLessThan(1);
        expect(Math.abs(pi - Math.exp(-f * (1 - pi)))).toBeLessThan(1e-9);
      }),
      { numRuns: 200 },
    );
  });

  it('matches the derived residues of peers.md §2.6 (π = 0.20, 0.060, 0.020, 0.007 for f = 2..5)', () => {
    expect(1 - epidemicReach(2)).toBeCloseTo(0.2032, 3);
    expect(1 - epidemicReach(3)).toBeCloseTo(0.0595, 3);
    expect(1 - epidemicReach(4)).toBeCloseTo(0.0198, 3);
    expect(1 - epidemicReach(5)).toBeCloseTo(0.007, 3);
  });

  it('reaches nobody in the limit at fan-out 1 and below (π = 1 is then the only root in [0, 1])', () => {
    expect(epidemicReach(1)).toBe(0);
    expect(epidemicReach(0.5)).toBe(0);
  });

  it('grows with the fan-out', () => {
    const reach = [1.5, 2, 3, 4, 6].map(epidemicReach);
    for (let i = 1; i < reach.length; i++) expect(reach[i]!).toBeGreaterThan(reach[i - 1]!);
  });

  it('push rounds: log2 N + ln N at f = 1 and log4 N + ln N / 3 at f = 3 (the §2.6 table: 11.2 and 7.3)', () => {
    expect(pushRoundsTheory(1, 100)).toBeCloseTo(Math.log2(100) + Math.log(100), 9);
    expect(pushRoundsTheory(1, 100)).toBeCloseTo(11.2, 1);
    expect(pushRoundsTheory(3, 1000)).toBeCloseTo(Math.log(1000) / Math.log(4) + Math.log(1000) / 3, 9);
    expect(pushRoundsTheory(3, 1000)).toBeCloseTo(7.3, 1);
  });
});
