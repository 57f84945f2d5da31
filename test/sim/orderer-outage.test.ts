import type { Effect } from '../../src/core';
import {
  advanceTo,
  command,
  cutBlock,
  isFault,
  ordererConnections,
  ordererReachable,
  queuedHostEventCount,
  runSchedule,
  runWithChecks,
  setOrdererReachable,
  traceEvents,
  type World,
} from '../../src/sim';
import { inputsOf, script, testWorld, type TestPeerState } from './test-peer';

const CH = 'ch1';
const connect = (giveUpAfterMs?: number): Effect =>
  giveUpAfterMs === undefined ? { kind: 'connectOrderer', channel: CH as never } : { kind: 'connectOrderer', channel: CH as never, giveUpAfterMs };
const disconnect: Effect = { kind: 'disconnectOrderer', channel: CH as never };
const seqs = (w: World<TestPeerState>, name: string) => inputsOf(w, name, 'ordererBlock').map((i) => i.seq);
const gaveUp = (w: World<TestPeerState>, name: string) => inputsOf(w, name, 'ordererGaveUp').map((i) => [i.channel, i.nowMs]);
const cut = (w: World<TestPeerState>, n: number) => Array.from({ length: n }).reduce<World<TestPeerState>>((acc) => cutBlock(acc, CH), w);
const down = (w: World<TestPeerState>) => setOrdererReachable(w, CH, false);
const up = (w: World<TestPeerState>) => setOrdererReachable(w, CH, true);

describe('[SIM-FUNC-ORDERER-OUTAGE.1] ordering service outages', () => {
  it('[SIM-FUNC-ORDERER-OUTAGE.1] blocks are held during an outage and delivered in order after it', () => {
    let w = advanceTo(cut(command(testWorld({ network: { ordererLatencyMs: 5 } }), 'p0', script([connect()])), 1), 100);
    expect(seqs(w, 'p0')).toEqual([0]);
    // Block 1 is cut and its stream event queued before the outage starts: it is held too.
    w = advanceTo(cut(down(cut(w, 1)), 2), 1000);
    expect(seqs(w, 'p0')).toEqual([0]);
    expect(ordererConnections(w, CH)).toEqual(['p0']);
    w = advanceTo(up(w), 2000);
    const after = inputsOf(w, 'p0', 'ordererBlock').slice(1);
    expect(after.map((i) => i.seq)).toEqual([1, 2, 3]);
    // Resumed at t=1000: the first block after the outage needs one orderer latency.
    expect(after.map((i) => i.nowMs)).toEqual([1005, 1005, 1005]);
    w = advanceTo(cut(w, 1), 3000);
    expect(seqs(w, 'p0')).toEqual([0, 1, 2, 3, 4]);
  });

  it('[SIM-FUNC-ORDERER-OUTAGE.1] a stream with giveUpAfterMs gets ordererGaveUp once and is closed; one without never does', () => {
    let w = command(command(testWorld(), 'p0', script([connect(500)])), 'p1', script([connect()]));
    w = advanceTo(down(advanceTo(w, 100)), 100_000);
    expect(gaveUp(w, 'p0')).toEqual([[CH, 600]]);
    expect(gaveUp(w, 'p1')).toEqual([]);
    expect(ordererConnections(w, CH)).toEqual(['p1']);
    expect(traceEvents(w).filter((l) => l.k === 'ordererGaveUp')).toEqual([{ s: expect.any(Number), t: 600, k: 'ordererGaveUp', peer: 'p0', channel: CH }]);
    // Back up: p1's stream resumes; p0's was closed and must connect again.
    w = advanceTo(cut(up(w), 2), 100_100);
    expect(seqs(w, 'p1')).toEqual([0, 1]);
    expect(seqs(w, 'p0')).toEqual([]);
    w = advanceTo(command(w, 'p0', script([connect(500)])), 100_200);
    expect(seqs(w, 'p0')).toEqual([0, 1]);
    expect(gaveUp(w, 'p0')).toHaveLength(1);
  });

  it('[SIM-FUNC-ORDERER-OUTAGE.1] a stream opened during an outage gives up giveUpAfterMs after it was opened', () => {
    let w = advanceTo(down(testWorld()), 300);
    w = advanceTo(command(w, 'p2', script([connect(200)])), 10_000);
    expect(gaveUp(w, 'p2')).toEqual([[CH, 500]]);
    expect(ordererConnections(w, CH)).toEqual([]);
  });

  it('[SIM-FUNC-ORDERER-OUTAGE.1] an outage shorter than giveUpAfterMs, or a disconnect, cancels the give-up; a new outage counts afresh', () => {
    let w = advanceTo(down(command(testWorld(), 'p0', script([connect(500)]))), 400);
    w = advanceTo(up(w), 5000);
    expect(gaveUp(w, 'p0')).toEqual([]);
    expect(queuedHostEventCount(w)).toBe(0);
    w = advanceTo(down(w), 10_000);
    expect(gaveUp(w, 'p0')).toEqual([[CH, 5500]]);
    let v = advanceTo(down(command(testWorld(), 'p3', script([connect(500)]))), 100);
    v = advanceTo(command(v, 'p3', script([disconnect])), 10_000);
    expect(gaveUp(v, 'p3')).toEqual([]);
    expect(queuedHostEventCount(v)).toBe(0);
  });

  it('[SIM-FUNC-ORDERER-OUTAGE.1] [SIM-FUNC-VALUE-SEMANTICS.1] setOrdererReachable is a traced fault and leaves its argument unchanged', () => {
    const w = testWorld();
    const v = down(w);
    expect(ordererReachable(w, CH)).toBe(true);
    expect(ordererReachable(v, CH)).toBe(false);
    expect(traceEvents(v).at(-1)).toMatchObject({ k: 'fault', action: { kind: 'ordererReachable', channel: CH, reachable: false } });
    expect(isFault({ kind: 'setOrdererReachable', channel: CH, reachable: false })).toBe(true);
    const scheduled = runSchedule(command(w, 'p0', script([connect(50)])), [{ atMs: 10, action: { kind: 'setOrdererReachable', channel: CH, reachable: false } }], 1000);
    expect(gaveUp(scheduled, 'p0')).toEqual([[CH, 60]]);
  });

  it('[SIM-FUNC-ORDERER-OUTAGE.1] a negative or non-finite giveUpAfterMs is an invalid effect', () => {
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const w = command(testWorld(), 'p0', script([connect(bad)]));
      expect(w.failure?.kind).toBe('invalidEffect');
      expect(w.failure?.message).toContain('connectOrderer.giveUpAfterMs');
    }
  });

  it('[SIM-FUNC-ORDERER-OUTAGE.1] [SIM-FUNC-LIVENESS-MODE.2] the calm makes the ordering service reachable: held blocks arrive', () => {
    const world = command(testWorld(), 'p1', script([connect()]));
    const result = runWithChecks(world, {
      safety: [],
      schedule: [
        { atMs: 0, action: { kind: 'setOrdererReachable', channel: CH, reachable: false } },
        { atMs: 100, action: { kind: 'cutBlock', channel: CH } },
      ],
      faultsStopAtMs: 1000,
      untilMs: 2000,
      liveness: [{ name: 'p1 has block 0', deadlineMs: 1100, holds: (w) => seqs(w, 'p1').includes(0) }],
    });
    expect(result.ok).toBe(true);
    expect(ordererReachable(result.world, CH)).toBe(true);
    expect(result.ok && result.livenessMetAtMs['p1 has block 0']).toBe(1001);
  });
});
