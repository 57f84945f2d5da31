/**
 * The machine-doc generator on a small fixture chart with a named delay, guards given as a string,
 * an object and `not(...)`, a parallel state with a nested compound region, a final state and a
 * transition defined on the machine itself. Expected lines are derived from the rules written in
 * src/tools/mermaid.ts (ids `s_<path>`, edges in the innermost composite holding both ends).
 */
import { not, setup } from 'xstate';
import { renderMachineDoc } from '../../src/tools/machine-docs';
import { renderMermaid } from '../../src/tools/mermaid';
import { walkMachine } from '../../src/tools/machine-walk';

const fixture = setup({
  guards: { isSmallest: () => true, hasQuorum: (_args, _params: { min: number }) => true },
  actions: { propose: () => undefined, declare: (_args, _params: { n: number }) => undefined, stepDown: () => undefined },
  delays: { leaderAliveThreshold: 10_000, leaderElectionDuration: 5_000 },
}).createMachine({
  id: 'fixture',
  description: 'A fixture election.',
  initial: 'follower',
  on: { STOP: { target: '.done', meta: { req: ['GEN-FUNC-FIX-STOP.1'] } } },
  states: {
    follower: {
      description: 'Waits for declarations.',
      meta: { req: ['GEN-FUNC-FIX-FOLLOW.1'] },
      on: { DECLARATION: { target: 'follower', reenter: true } },
      after: { leaderAliveThreshold: { target: 'electing', actions: 'propose', meta: { req: ['GEN-FUNC-FIX-TIMEOUT.1'] } } },
    },
    electing: {
      after: { leaderElectionDuration: [{ guard: 'isSmallest', target: 'leader' }, { guard: not('isSmallest'), target: 'follower' }] },
    },
    leader: {
      type: 'parallel',
      states: {
        declaring: {
          initial: 'waiting',
          states: {
            waiting: { on: { TICK: { target: 'sent', actions: [{ type: 'declare', params: { n: 1 } }] } } },
            sent: {},
          },
        },
        watching: {
          on: {
            DECLARATION: { guard: { type: 'hasQuorum', params: { min: 2 } }, target: '#fixture.follower', actions: 'stepDown' },
            // Crosses regions of the parallel state, so it must be drawn outside the parallel body.
            RESYNC: '#fixture.leader.declaring.sent',
          },
        },
      },
    },
    done: { type: 'final' },
  },
});

describe('machine docs on a fixture chart', () => {
  const diagram = renderMermaid(walkMachine(fixture)).lines;

  it('[GEN-FUNC-MACHINE-DOCS.1] the diagram nests compound and parallel states, marks initial and final states, and separates regions', () => {
    expect(diagram[0]).toBe('stateDiagram-v2');
    expect(diagram.slice(1, 13)).toEqual([
      '  state "(any state)" as s__any',
      '  [*] --> s_follower',
      '  state "follower" as s_follower',
      '  state "electing" as s_electing',
      '  state "leader" as s_leader {',
      '    state "declaring" as s_leader_declaring {',
      '      [*] --> s_leader_declaring_waiting',
      '      state "waiting" as s_leader_declaring_waiting',
      '      state "sent" as s_leader_declaring_sent',
      '      s_leader_declaring_waiting --> s_leader_declaring_sent : TICK / declare',
      '    }',
      '    --',
    ]);
    expect(diagram).toContain('    state "watching" as s_leader_watching');
    expect(diagram).toContain('  s_done --> [*]');
  });

  it('[GEN-FUNC-MACHINE-DOCS.1] delayed transitions read `after <delay name>`, guards by name (string, object, not(...)), actions after a slash; cross-region edges sit outside the parallel body', () => {
    const edges = diagram.filter((l) => l.includes('-->') && !l.includes('[*]'));
    expect(edges).toEqual([
      '      s_leader_declaring_waiting --> s_leader_declaring_sent : TICK / declare',
      '  s__any --> s_done : STOP',
      '  s_follower --> s_follower : DECLARATION',
      '  s_follower --> s_electing : after leaderAliveThreshold / propose',
      '  s_electing --> s_leader : after leaderElectionDuration [isSmallest]',
      '  s_electing --> s_follower : after leaderElectionDuration [not(isSmallest)]',
      '  s_leader_watching --> s_follower : DECLARATION [hasQuorum] / stepDown',
      '  s_leader_watching --> s_leader_declaring_sent : RESYNC',
    ]);
  });

  it('[GEN-FUNC-MACHINE-DOCS.1] the page has the generated notice, the states table, the transitions table and the timers', () => {
    const page = renderMachineDoc({ name: 'fixture', title: 'Fixture election', machine: fixture }).split('\n');
    expect(page[0]).toBe('<!-- Generated file: do not edit. Regenerate with `npm run docs`. -->');
    expect(page[1]).toBe('# Fixture election');
    expect(page).toContain('```mermaid');
    expect(page).toContain('| (machine `fixture`) | compound | A fixture election. | — | — | — |');
    expect(page).toContain(
      '| `follower` | atomic | Waits for declarations. | `arm leaderAliveThreshold` | `cancel leaderAliveThreshold` | `GEN-FUNC-FIX-FOLLOW.1` |',
    );
    expect(page).toContain('| `leader.declaring.waiting` | atomic | — | — | — | — |');
    expect(page).toContain('| (any state) | `STOP` | — | — | `done` | `GEN-FUNC-FIX-STOP.1` |');
    expect(page).toContain('| `follower` | `DECLARATION` | — | — | `follower` (re-enter) | — |');
    expect(page).toContain('| `follower` | `after leaderAliveThreshold` | — | `propose` | `electing` | `GEN-FUNC-FIX-TIMEOUT.1` |');
    expect(page).toContain('| `leader.watching` | `DECLARATION` | `hasQuorum` | `stepDown` | `follower` | — |');
    expect(page).toContain('| `leader.watching` | `RESYNC` | — | — | `leader.declaring.sent` | — |');
    expect(page).toContain('| `leaderAliveThreshold` | 10000 ms |');
    expect(page).toContain('| `leaderElectionDuration` | 5000 ms |');
  });

  it('[GEN-FUNC-MACHINE-DOCS.1] a parallel machine is wrapped in one composite; composite targetless transitions are left to the table; literal delays are flagged', () => {
    const parallel = setup({ actions: { count: () => undefined } }).createMachine({
      id: 'par',
      type: 'parallel',
      states: {
        left: { initial: 'off', on: { PING: { actions: 'count' } }, states: { off: { on: { FLIP: 'on' } }, on: { after: { 250: 'off' } } } },
        right: {},
      },
    });
    const { lines, notes } = renderMermaid(walkMachine(parallel));
    expect(lines).toEqual([
      'stateDiagram-v2',
      '  [*] --> s__machine',
      '  state "par" as s__machine {',
      '    state "left" as s_left {',
      '      [*] --> s_left_off',
      '      state "off" as s_left_off',
      '      state "on" as s_left_on',
      '      s_left_off --> s_left_on : FLIP',
      '      s_left_on --> s_left_off : after 250ms',
      '    }',
      '    --',
      '    state "right" as s_right',
      '  }',
    ]);
    expect(notes).toEqual(['Targetless transitions of composite states are not drawn; they are listed in the transitions table.']);
    // A literal delay is shown, and flagged: timers should carry their parameter's name.
    const page = renderMachineDoc({ name: 'par', title: 'Par', machine: parallel }).split('\n');
    expect(page).toContain('| `250ms` | not named after a parameter: give it a name in `setup({ delays })` |');
  });

  it('[GEN-FUNC-MACHINE-DOCS.1] the same machine always renders to the same text', () => {
    const a = renderMachineDoc({ name: 'fixture', title: 'Fixture election', machine: fixture });
    const b = renderMachineDoc({ name: 'fixture', title: 'Fixture election', machine: fixture });
    expect(a).toBe(b);
    expect(a.endsWith('\n')).toBe(true);
  });
});
