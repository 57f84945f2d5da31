/**
 * [GEN-ASM-NO-SYNCHRONIZED-CLOCKS.1] The simulator has one virtual clock, so this test gives each
 * peer a clock of its own: a host wrapper adds a fixed per-peer offset (a year ahead, an hour
 * behind, ...) to the nowMs of every input, init included. Timers are relative, so the world's
 * schedule is unchanged; only the times peers read and stamp differ. A protocol that compared
 * PeerTimes of different peers, or timed out on another peer's timestamp, would then behave
 * differently. Membership (discovery, expiry, resurrection after a restart) must not.
 */
import type { PeerReducer } from '../../src/core';
import { aliveMembers, deadMembers } from '../../src/membership';
import { advanceTo, countOf, crash, createWorld, peerState, restart, traceEvents, type InitPeer, type TraceEvent, type World } from '../../src/sim';
import type { MembershipNodeState } from '../membership/membership-node';
import { buildNet, type TestNet } from '../membership/net';

interface Skewed {
  readonly offsetMs: number;
  readonly node: MembershipNodeState;
}

const START_MS = 1_700_000_000_000;
const YEAR_MS = 365 * 24 * 3600 * 1000;
const NAMES = ['p1', 'p2', 'p3', 'p4'];
const SKEW: Readonly<Record<string, number>> = { p1: 0, p2: YEAR_MS, p3: -3_600_000, p4: 123_457 };

/** The same peers, reducer and init as `net`, each reading its own clock: world time + its offset. */
function withClocks(net: TestNet, offsets: Readonly<Record<string, number>>): World<Skewed> {
  const inner = net.world.config;
  const reducer: PeerReducer<Skewed> = {
    step(s, input) {
      const [node, effects] = inner.reducer.step(s.node, { ...input, nowMs: input.nowMs + s.offsetMs });
      return [{ offsetMs: s.offsetMs, node }, effects];
    },
  };
  const initPeer: InitPeer<Skewed> = (spec, nowMs, context) => {
    const offsetMs = offsets[spec.name] ?? 0;
    const [node, effects] = inner.initPeer(spec, nowMs + offsetMs, context);
    return [{ offsetMs, node }, effects];
  };
  return createWorld({ seed: 3, peers: net.specs, reducer, initPeer, startMs: START_MS, network: { minLatencyMs: 1, maxLatencyMs: 20 } });
}

function run(offsets: Readonly<Record<string, number>>) {
  const net = buildNet({
    nodes: [
      { name: 'p1', port: 1001 },
      { name: 'p2', port: 1002, bootstrap: ['localhost:1001'] },
      { name: 'p3', port: 1003, bootstrap: ['localhost:1001'] },
      { name: 'p4', port: 1004, bootstrap: ['localhost:1002'] },
    ],
  });
  const names = (w: World<Skewed>, name: string, which: typeof aliveMembers) => which(peerState(w, name).node.membership).map((m) => net.nameOf(m.pkiId)).sort();
  const views = (w: World<Skewed>) => Object.fromEntries(['p1', 'p2', 'p4'].map((n) => [n, { alive: names(w, n, aliveMembers), dead: names(w, n, deadMembers) }]));
  let w = advanceTo(withClocks(net, offsets), START_MS + 15_000);
  const joined = views(w);
  w = advanceTo(crash(w, 'p3'), START_MS + 30_000);
  const afterCrash = views(w);
  w = advanceTo(restart(w, 'p3'), START_MS + 45_000);
  const afterRestart = views(w);
  return { world: w, joined, afterCrash, afterRestart };
}

/** The host's view of a run without the message contents and log texts, which carry the times peers read. */
const schedule = (w: World<Skewed>) => traceEvents(w).map((line: TraceEvent) => {
  const { payload: _payload, message: _message, ...rest } = line as TraceEvent & { payload?: unknown; message?: unknown };
  return rest;
});

describe('[GEN-ASM-NO-SYNCHRONIZED-CLOCKS.1] nothing relies on clocks agreeing', () => {
  const synced = run({});
  const skewed = run(SKEW);

  it('[GEN-ASM-NO-SYNCHRONIZED-CLOCKS.1] the clocks really disagree: each incarnation stamps incNum from its own clock', () => {
    const incNum = (name: string) => peerState(skewed.world, name).node.membership.config.incNum;
    expect(incNum('p2') - incNum('p1')).toBe(BigInt(YEAR_MS) * 1_000_000n);
    expect(incNum('p4') - incNum('p1')).toBe(123_457n * 1_000_000n);
    // p3 restarted 30 s after start, on a clock an hour behind: its incNum is below p1's first one.
    expect(incNum('p3') - incNum('p1')).toBe(BigInt(30_000 - 3_600_000) * 1_000_000n);
  });

  it('[GEN-ASM-NO-SYNCHRONIZED-CLOCKS.1] membership with skewed clocks joins, expires a crashed peer and takes it back after its restart, as with one clock', () => {
    const everyone = (except: string) => NAMES.filter((n) => n !== except);
    const expected = {
      joined: Object.fromEntries(['p1', 'p2', 'p4'].map((n) => [n, { alive: everyone(n), dead: [] }])),
      afterCrash: Object.fromEntries(['p1', 'p2', 'p4'].map((n) => [n, { alive: everyone(n).filter((m) => m !== 'p3'), dead: ['p3'] }])),
      afterRestart: Object.fromEntries(['p1', 'p2', 'p4'].map((n) => [n, { alive: everyone(n), dead: [] }])),
    };
    for (const r of [synced, skewed]) {
      expect(r.world.failure).toBeUndefined();
      expect({ joined: r.joined, afterCrash: r.afterCrash, afterRestart: r.afterRestart }).toEqual(expected);
    }
  });

  it('[GEN-ASM-NO-SYNCHRONIZED-CLOCKS.1] every send, delivery, drop, timer and dial happens at the same step and time whatever the offsets', () => {
    expect(schedule(skewed.world)).toEqual(schedule(synced.world));
    expect(countOf(skewed.world.stats, 'send')).toBeGreaterThan(100);
  });
});
