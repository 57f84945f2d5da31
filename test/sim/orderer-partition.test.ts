/**
 * The ordering service on one side of a partition ([SIM-FUNC-ORDERER-PARTITION.1]): a peer on
 * another side than the service cannot reach it (its stream delivers nothing and gives up after
 * its giveUpAfterMs, as during an outage); heal, or a partition that puts it back on the
 * service's side, resumes its stream from its cursor. Without an `ordererGroup` a partition leaves
 * the service reachable by everyone ([SIM-ASM-ORDERER-REACHABLE.3]).
 */
import type { Effect } from '../../src/core';
import {
  advanceTo,
  command,
  cutBlock,
  heal,
  ordererConnections,
  ordererGroup,
  ordererReachableBy,
  partition,
  queuedHostEventCount,
  setOrdererReachable,
  traceEvents,
  type World,
} from '../../src/sim';
import { inputsOf, script, testWorld, type TestPeerState } from './test-peer';

const CH = 'ch1';
const connect = (giveUpAfterMs?: number): Effect =>
  giveUpAfterMs === undefined ? { kind: 'connectOrderer', channel: CH as never } : { kind: 'connectOrderer', channel: CH as never, giveUpAfterMs };
const seqs = (w: World<TestPeerState>, name: string) => inputsOf(w, name, 'ordererBlock').map((i) => i.seq);
const gaveUp = (w: World<TestPeerState>, name: string) => inputsOf(w, name, 'ordererGaveUp').map((i) => i.nowMs);
const cut = (w: World<TestPeerState>, n: number) => Array.from({ length: n }).reduce<World<TestPeerState>>((acc) => cutBlock(acc, CH), w);
/** p0 and p1 hold streams (p0's gives up after 500 ms, p1's never); both got block 0 by t=100. */
function connected(): World<TestPeerState> {
  const w = command(command(testWorld(), 'p0', script([connect(500)])), 'p1', script([connect()]));
  return advanceTo(cut(w, 1), 100);
}
/** p0 alone on one side, the service with everyone else (group 1: the peers named in no group). */
const splitP0 = (w: World<TestPeerState>) => partition(w, [['p0']], { ordererGroup: 1 });

describe('[SIM-FUNC-ORDERER-PARTITION.1] the ordering service on one side of a partition', () => {
  it('[SIM-FUNC-ORDERER-PARTITION.1] a peer on another side gets nothing and gives up after giveUpAfterMs; the service side goes on', () => {
    let w = splitP0(connected());
    expect(ordererGroup(w)).toBe(1);
    expect(ordererReachableBy(w, CH, 'p0')).toBe(false);
    expect(ordererReachableBy(w, CH, 'p1')).toBe(true);
    w = advanceTo(cut(w, 2), 400);
    expect(seqs(w, 'p0')).toEqual([0]);
    expect(seqs(w, 'p1')).toEqual([0, 1, 2]);
    // Cut off at t=100 with giveUpAfterMs 500: the stream closes at 600, with one ordererGaveUp input.
    w = advanceTo(w, 10_000);
    expect(gaveUp(w, 'p0')).toEqual([600]);
    expect(gaveUp(w, 'p1')).toEqual([]);
    expect(ordererConnections(w, CH)).toEqual(['p1']);
    expect(traceEvents(w).filter((l) => l.k === 'ordererGaveUp')).toEqual([{ s: expect.any(Number), t: 600, k: 'ordererGaveUp', peer: 'p0', channel: CH }]);
  });

  it('[SIM-FUNC-ORDERER-PARTITION.1] heal before the give-up cancels it and resumes the stream from its cursor, in order', () => {
    let w = advanceTo(cut(splitP0(connected()), 2), 400);
    expect(seqs(w, 'p0')).toEqual([0]);
    w = advanceTo(heal(w), 2_000);
    expect(seqs(w, 'p0')).toEqual([0, 1, 2]);
    // Resumed at t=400: one orderer latency (1 ms) later.
    expect(inputsOf(w, 'p0', 'ordererBlock').slice(1).map((i) => i.nowMs)).toEqual([401, 401]);
    expect(gaveUp(w, 'p0')).toEqual([]);
    expect(queuedHostEventCount(w)).toBe(0);
    expect(ordererReachableBy(w, CH, 'p0')).toBe(true);
  });

  it('[SIM-FUNC-ORDERER-PARTITION.1] a stream opened on the far side starts its count when opened; a new partition that moves the service to its side resumes it', () => {
    let w = advanceTo(cut(partition(testWorld(), [['p0', 'p1'], ['p2', 'p3']], { ordererGroup: 1 }), 2), 300);
    w = advanceTo(command(w, 'p0', script([connect(1_000)])), 800);
    expect(seqs(w, 'p0')).toEqual([]);
    // The service moves to p0's group: p0 reaches it, the count is cancelled.
    w = advanceTo(partition(w, [['p0', 'p1'], ['p2', 'p3']], { ordererGroup: 0 }), 5_000);
    expect(seqs(w, 'p0')).toEqual([0, 1]);
    expect(gaveUp(w, 'p0')).toEqual([]);
    // Moved away again at 5000: the count starts afresh and ends at 6000.
    w = advanceTo(partition(w, [['p0', 'p1'], ['p2', 'p3']], { ordererGroup: 1 }), 20_000);
    expect(gaveUp(w, 'p0')).toEqual([6_000]);
  });

  it('[SIM-FUNC-ORDERER-PARTITION.1] [SIM-FUNC-ORDERER-OUTAGE.1] cut off by both, a peer reaches the service only when both end; the count runs from the first', () => {
    let w = setOrdererReachable(splitP0(connected()), CH, false);
    w = advanceTo(cut(w, 1), 300);
    // The outage ends first: p1 resumes, p0 is still on the far side and its count (from t=100) goes on.
    w = advanceTo(setOrdererReachable(w, CH, true), 400);
    expect(seqs(w, 'p1')).toEqual([0, 1]);
    expect(seqs(w, 'p0')).toEqual([0]);
    w = advanceTo(w, 1_000);
    expect(gaveUp(w, 'p0')).toEqual([600]);
    // The other order: heal first, the outage still on: nobody reaches the service, then everyone.
    let v = setOrdererReachable(splitP0(connected()), CH, false);
    v = advanceTo(heal(cut(v, 1)), 300);
    expect(seqs(v, 'p0')).toEqual([0]);
    v = advanceTo(setOrdererReachable(v, CH, true), 500);
    expect(seqs(v, 'p0')).toEqual([0, 1]);
    expect(gaveUp(v, 'p0')).toEqual([]);
  });

  it('[SIM-FUNC-ORDERER-PARTITION.1] [SIM-ASM-ORDERER-REACHABLE.3] without ordererGroup a partition leaves the service to everyone and queues nothing', () => {
    const before = connected();
    const w = partition(before, [['p0']]);
    expect(ordererGroup(w)).toBeUndefined();
    expect(ordererReachableBy(w, CH, 'p0')).toBe(true);
    expect(queuedHostEventCount(w)).toBe(queuedHostEventCount(before));
    expect(traceEvents(w).at(-1)).toEqual({ s: expect.any(Number), t: 100, k: 'fault', action: { kind: 'partition', groups: [['p0']] } });
    expect(traceEvents(splitP0(before)).at(-1)).toEqual({ s: expect.any(Number), t: 100, k: 'fault', action: { kind: 'partition', groups: [['p0']], ordererGroup: 1 } });
  });

  it('[SIM-FUNC-ORDERER-PARTITION.1] an ordererGroup that names no group is a caller error', () => {
    for (const bad of [-1, 2, 0.5, Number.NaN]) expect(() => partition(testWorld(), [['p0']], { ordererGroup: bad })).toThrow(/orderer's group must be an integer in \[0, 1\]/);
  });
});
