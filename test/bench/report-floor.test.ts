/**
 * docs/benchmarks.md sets the simulator's floor beside the goals (src/bench/report.ts): the numbers
 * in its prose are the run's figures, and the prose is absent when the floor was not measured.
 */
import type { Figure } from '../../src/bench/measure';
import { benchmarksMarkdown, type BenchReport } from '../../src/bench/report';

const MACHINE = { cpu: 'test', cores: 2, memoryGib: 1, node: 'v20', os: 'linux', loadAverage: [0, 0, 0] };
const report = (figures: readonly Figure[]): BenchReport => ({ startedAt: new Date(0), command: 'npm run bench', label: undefined, machineAtStart: MACHINE, loadAtEnd: [0, 0, 0], wallS: 1, cpuS: 1, figures, profiles: [] });
const figure = (name: string, value: number, params: Record<string, unknown>): Figure => ({ name, value, unit: 'u', goal: null, params });

describe('the benchmarks page\'s floor paragraph', () => {
  it('gives the full peers\' CPU per event (1e6 / events per CPU-s), the floor at the same size, and each layout\'s budget beside the floor at 1,000 peers', () => {
    const text = benchmarksMarkdown(
      report([
        figure('floor.cpuPerEvent', 1.41, { peers: 100 }),
        figure('floor.cpuPerEvent', 2.15, { peers: 1000 }),
        figure('throughput.compiled', 40_000, { peers: 100 }),
        figure('scale.eventBudget', 3.06, { peers: 1000, layout: '10 orgs x N/10' }),
        figure('scale.eventBudget', 3.77, { peers: 1000, layout: 'N/10 orgs x 10' }),
      ]),
    );
    // 1e6 / 500,000 events per CPU-s = 2 µs per event; 1e6 / 40,000 = 25 µs.
    expect(text).toContain('The throughput goal allows\n2 CPU-µs per event in all');
    expect(text).toContain('full peers take 25.0 CPU-µs per event at 100 peers, and the simulator alone (without handshakes) 1.41.');
    expect(text).toContain('At 1,000 peers the goal allows at most 3.06 (10 orgs x N/10) and 3.77 (N/10 orgs x 10) CPU-µs per event, and the simulator alone takes 2.15.');
  });

  it('is left out when the floor was not measured, and says only what it has figures for', () => {
    expect(benchmarksMarkdown(report([figure('throughput.compiled', 40_000, { peers: 100 })]))).not.toContain('Floor:');
    const partial = benchmarksMarkdown(report([figure('floor.cpuPerEvent', 1.41, { peers: 100 })]));
    expect(partial).toContain('Floor:');
    expect(partial).not.toContain('Here:');
    expect(partial).not.toContain('At 1,000 peers');
  });
});
