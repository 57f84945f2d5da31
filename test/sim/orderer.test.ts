import type { Effect } from '../../src/core';
import {
  advanceTo,
  command,
  commitsFollowOrderer,
  crash,
  cutBlock,
  defaultHashBlock,
  leadersOf,
  ledgerHeight,
  ledgerOf,
  ordererBlocks,
  ordererConnections,
  partition,
  restart,
  type World,
} from '../../src/sim';
import { inputsOf, script, testWorld, type TestPeerState } from './test-peer';

const CH = 'ch1';
const connect: Effect = { kind: 'connectOrderer', channel: CH as never };
const disconnect: Effect = { kind: 'disconnectOrderer', channel: CH as never };
const received = (w: World<TestPeerState>, name: string) => inputsOf(w, name, 'ordererBlock').map((i) => [i.channel, i.seq, i.nowMs]);
const cut = (w: World<TestPeerState>, n: number) => Array.from({ length: n }).reduce<World<TestPeerState>>((acc) => cutBlock(acc, CH), w);

describe('[SIM-FUNC-ORDERER-STREAM.1] the ordering service', () => {
  it('[SIM-FUNC-ORDERER-STREAM.1] blocks chain by previousHash from makeBlock', () => {
    const blocks = ordererBlocks(cut(testWorld(), 3), CH);
    expect(blocks.map((b) => b.block)).toEqual([
      { channel: CH, seq: 0, previousHash: '' },
      { channel: CH, seq: 1, previousHash: blocks[0]?.hash },
      { channel: CH, seq: 2, previousHash: blocks[1]?.hash },
    ]);
    expect(blocks[1]?.hash).toBe(defaultHashBlock(blocks[1]?.block));
  });

  it('[SIM-FUNC-ORDERER-STREAM.1] a newly connected peer gets every block from 0 in order, then each new block', () => {
    let w = advanceTo(cut(testWorld({ network: { ordererLatencyMs: 5 } }), 3), 100);
    w = advanceTo(command(w, 'p0', script([connect])), 200);
    expect(received(w, 'p0')).toEqual([
      [CH, 0, 105],
      [CH, 1, 105],
      [CH, 2, 105],
    ]);
    w = advanceTo(cut(w, 1), 300);
    expect(received(w, 'p0').slice(3)).toEqual([[CH, 3, 205]]);
  });

  it('[SIM-ASM-ORDERER-REACHABLE.3] a partitioned peer still gets its stream (a partition without ordererGroup)', () => {
    let w = partition(command(testWorld(), 'p3', script([connect])), [['p3'], ['p0', 'p1', 'p2']]);
    w = advanceTo(cut(w, 2), 100);
    expect(received(w, 'p3').map(([, seq]) => seq)).toEqual([0, 1]);
  });

  it('[GEN-ASM-ORDERER-STREAM.1] [SIM-FUNC-ORDERER-STREAM.1] only connected peers receive blocks', () => {
    let w = command(testWorld(), 'p1', script([connect]));
    w = advanceTo(cut(w, 2), 100);
    expect(received(w, 'p1').map(([, seq]) => seq)).toEqual([0, 1]);
    for (const other of ['p0', 'p2', 'p3']) expect(received(w, other)).toEqual([]);
    expect(ordererConnections(w, CH)).toEqual(['p1']);
  });

  it('[GEN-ASM-ORDERER-STREAM.1] [SIM-FUNC-ORDERER-STREAM.1] connectOrderer is idempotent: connecting twice streams each block once', () => {
    let w = command(cut(testWorld(), 2), 'p1', script([connect, connect]));
    w = advanceTo(command(w, 'p1', script([connect])), 100);
    expect(received(w, 'p1').map(([, seq]) => seq)).toEqual([0, 1]);
  });

  it('[GEN-ASM-ORDERER-STREAM.1] [SIM-FUNC-ORDERER-STREAM.1] disconnect stops the stream, including a block already queued', () => {
    let w = advanceTo(command(testWorld(), 'p1', script([connect])), 10);
    w = command(cut(w, 1), 'p1', script([disconnect, disconnect]));
    w = advanceTo(cut(w, 1), 100);
    expect(received(w, 'p1')).toEqual([]);
    expect(ordererConnections(w, CH)).toEqual([]);
  });

  it('[SIM-FUNC-ORDERER-STREAM.1] a crash closes the stream; a restarted peer must connect again', () => {
    let w = advanceTo(cut(command(testWorld(), 'p2', script([connect])), 1), 10);
    w = restart(crash(w, 'p2'), 'p2');
    w = advanceTo(cut(w, 1), 100);
    expect(received(w, 'p2')).toEqual([]);
    w = advanceTo(command(w, 'p2', script([connect])), 200);
    expect(received(w, 'p2').map(([, seq]) => seq)).toEqual([0, 1]);
  });
});

describe('[SIM-FUNC-LEDGER-RECORD.1] [SIM-FUNC-LEADER-RECORD.1] ledgers and leaders', () => {
  const commit = (seq: number, block: unknown): Effect => ({ kind: 'deliverToLedger', channel: CH as never, seq: seq as never, block });
  const orderedBlock = (w: World<TestPeerState>, seq: number) => ordererBlocks(w, CH)[seq]?.block;

  it('[SIM-FUNC-LEDGER-RECORD.1] commits are recorded per peer and channel in order', () => {
    let w = cut(testWorld(), 2);
    w = command(w, 'p0', script([commit(0, orderedBlock(w, 0)), commit(1, orderedBlock(w, 1))]));
    expect(ledgerOf(w, 'p0', CH).map((e) => e.seq)).toEqual([0, 1]);
    expect(ledgerHeight(w, 'p0', CH)).toBe(2);
    expect(ledgerHeight(w, 'p1', CH)).toBe(0);
    expect(commitsFollowOrderer<TestPeerState>()(w)).toBeUndefined();
  });

  it('[SIM-FUNC-LEDGER-RECORD.1] a gap, a forged block and a block never cut are each caught', () => {
    const base = cut(testWorld(), 3);
    const check = commitsFollowOrderer<TestPeerState>();
    const gap = command(base, 'p0', script([commit(0, orderedBlock(base, 0)), commit(2, orderedBlock(base, 2))]));
    expect(check(gap)).toBe(`peer p0 committed block 2 of ${CH}: outOfOrder`);
    const forged = command(base, 'p1', script([commit(0, { forged: true })]));
    expect(check(forged)).toBe(`peer p1 committed block 0 of ${CH}: mismatch`);
    const future = command(base, 'p2', script([commit(7, { seq: 7 })]));
    expect(check(future)).toBe(`peer p2 committed block 7 of ${CH}: unknownBlock`);
  });

  it('[SIM-FUNC-LEADER-RECORD.1] leadershipChanged is recorded; a crash clears it', () => {
    const lead = (on: boolean): Effect => ({ kind: 'leadershipChanged', channel: CH as never, isLeader: on });
    let w = command(command(testWorld(), 'p0', script([lead(true)])), 'p3', script([lead(true)]));
    expect(leadersOf(w, CH)).toEqual(['p0', 'p3']);
    w = command(w, 'p0', script([lead(false)]));
    expect(leadersOf(w, CH)).toEqual(['p3']);
    expect(leadersOf(crash(w, 'p3'), CH)).toEqual([]);
  });
});
