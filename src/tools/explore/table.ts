/** The explore report as a fixed-width table (one row per figure), with the speed the host measured. */
import type { ExploreOptions, ExploreReport } from '../../explore';

export function reportTable(r: ExploreReport, o: ExploreOptions, seconds: number): string {
  const rows: [string, string][] = [
    ['configuration', r.model],
    ['bounds', `depth ${o.depth}, max ${o.maxStates} states, losses ${o.losses ?? 0}, duplicates ${o.duplicates ?? 0}, timers ${o.timers ?? 'earliest'}`],
    ['symmetry group', String(r.symmetryGroup)],
    ['states', String(r.states)],
    ['transitions', String(r.transitions)],
    ['depth reached', `${r.depthReached}${r.exhausted ? ' (exhausted: every reachable configuration seen)' : r.truncated ? ' (truncated at max states)' : ''}`],
    ['states per level', r.levels.join(' ')],
    ['seconds', seconds.toFixed(2)],
    ['states/s', seconds > 0 ? String(Math.round(r.states / seconds)) : '-'],
    ['transitions/s', seconds > 0 ? String(Math.round(r.transitions / seconds)) : '-'],
    ['collision probability', r.collisionProbability.toExponential(1)],
    ['violations', String(r.violations.length)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}
