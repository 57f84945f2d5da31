/**
 * The composition's tables: admission only reads and rejects in one signal; the wiring table turns
 * each output into what spec/peer.md says. Admission is fed the fuzzer's inputs (captured First
 * Network envelopes mutated and re-signed, timers, commands, orderer blocks) against deep-frozen
 * snapshots of running peers, so any write to the state it reads throws.
 */
import { channelId, pkiId, type Effect } from '../../src/core';
import { admit, createPeerEnv, WIRING, type PeerState, type Signal } from '../../src/peer';
import { captureFirstNetwork } from '../../src/tools/fuzz/capture';
import { caseFor } from '../../src/tools/fuzz/cases';
import { contextOf } from '../../src/tools/fuzz/context';

const SEED = 4_242;
const CASES = 3_000;

function deepFreeze<T>(value: T, seen = new Set<unknown>()): T {
  if (typeof value !== 'object' || value === null || seen.has(value)) return value;
  seen.add(value);
  for (const v of Object.values(value)) deepFreeze(v, seen);
  return Object.freeze(value);
}

const fuzz = contextOf(captureFirstNetwork());
const { capture } = fuzz;
const envOf = (peer: string) => {
  const key = capture.peerKeys.get(peer);
  if (key === undefined) throw new Error(`no key for ${peer}`);
  return createPeerEnv(capture.suite, key, [capture.ordererKey.identity]);
};
for (const snap of capture.snapshots) deepFreeze(snap.state);

describe('[PEER-FUNC-ADMISSION.1] one admission stage', () => {
  it('[PEER-FUNC-ADMISSION.1] admission never writes the state it reads, and a failed check is one counted rejection and nothing else', () => {
    let rejected = 0;
    let admitted = 0;
    for (let i = 0; i < CASES; i++) {
      const c = caseFor(fuzz, SEED, i);
      const input = c.inputs[0];
      if (input === undefined) continue;
      const state: PeerState = c.snapshot.state;
      let signals: readonly Signal[];
      try {
        signals = admit({ state, env: envOf(c.snapshot.peer), nowMs: input.nowMs }, input);
      } catch (e) {
        throw new Error(`seed ${SEED} case ${i} (${c.family}: ${c.detail}): admission threw ${String(e)}`, { cause: e });
      }
      const rejections = signals.filter((s) => s.kind === 'reject');
      if (rejections.length === 0) {
        admitted++;
        continue;
      }
      rejected++;
      // A timer's ticket is consumed before its event is decoded: the only other signal allowed.
      const others = signals.filter((s) => s.kind !== 'reject');
      const context = `seed ${SEED} case ${i} (${c.family}: ${c.detail})`;
      expect({ context, rejections: rejections.length }).toEqual({ context, rejections: 1 });
      expect({ context, others: input.kind === 'timer' ? others.length <= 1 : others.length === 0 }).toEqual({ context, others: true });
    }
    // Both outcomes must be exercised, or the check above says nothing.
    expect(rejected).toBeGreaterThan(CASES / 10);
    expect(admitted).toBeGreaterThan(CASES / 10);
  });
});

describe('[PEER-FUNC-WIRING-TABLE.1] the wiring table', () => {
  const snap = capture.snapshots[capture.snapshots.length - 1];
  if (snap === undefined) throw new Error('the capture has no snapshot');
  const ctx = { state: snap.state, env: envOf(snap.peer), nowMs: snap.nowMs };
  const channel = channelId(capture.channel);
  const inputsOf = (signals: readonly Signal[]) => signals.map((s) => (s.kind === 'input' ? [s.to, s.event] : s.kind));

  it('[PEER-FUNC-WIRING-TABLE.1] the block store feeds the pull engine: stored seqs become ITEMS_ADDED / ITEMS_REMOVED of the same channel', () => {
    const signals = WIRING.dissemination.stored({ kind: 'stored', added: [7, 8], removed: [1] }, { sub: 'dissemination', channel }, ctx);
    expect(inputsOf(signals)).toEqual([
      [{ sub: 'pull', channel }, { type: 'ITEMS_ADDED', ids: ['7', '8'] }],
      [{ sub: 'pull', channel }, { type: 'ITEMS_REMOVED', ids: ['1'] }],
    ]);
  });

  it('[PEER-FUNC-WIRING-TABLE.1] a taken pulled update reaches the pull engine with its nonce and the blocks the store holds', () => {
    const signals = WIRING.dissemination.pulledTaken({ kind: 'pulledTaken', fromPkiId: 'p1', nonce: 99n, seqs: [3] }, { sub: 'dissemination', channel }, ctx);
    expect(inputsOf(signals)).toEqual([[{ sub: 'pull', channel }, { type: 'UPDATE_RECEIVED', nowMs: snap.nowMs, from: 'p1', nonce: 99n, ids: ['3'] }]]);
  });

  it('[PEER-FUNC-WIRING-TABLE.1] membership gossip goes to the emitter, excluding the peer it came from; its rejections are counted', () => {
    const envelope = { payload: {}, signature: 's' } as never;
    expect(inputsOf(WIRING.membership.gossip({ kind: 'gossip', envelope, excludePkiId: pkiId('p9') }, { sub: 'membership' }, ctx))).toEqual([
      [{ sub: 'emitter' }, { type: 'ADD', item: { message: { kind: 'alive', envelope }, excludePkiId: 'p9' } }],
    ]);
    expect(WIRING.membership.rejected({ kind: 'rejected', reason: 'alive.invalid', message: 'm' }, { sub: 'membership' }, ctx)).toEqual([
      { kind: 'reject', reason: 'alive.invalid', message: 'm' },
    ]);
  });

  it('[PEER-FUNC-WIRING-TABLE.1] a leadership change sets the flag, tells the host, and opens or closes the orderer stream', () => {
    const effectsOf = (signals: readonly Signal[]): Effect[] => signals.flatMap((s) => (s.kind === 'effect' ? [s.effect] : []));
    const up = WIRING.election.leadershipChanged({ kind: 'leadershipChanged', isLeader: true }, { sub: 'election', channel }, ctx);
    expect(up.map((s) => s.kind)).toEqual(['update', 'effect', 'effect']);
    expect(effectsOf(up).map((e) => e.kind)).toEqual(['leadershipChanged', 'connectOrderer']);
    const down = WIRING.election.leadershipChanged({ kind: 'leadershipChanged', isLeader: false }, { sub: 'election', channel }, ctx);
    expect(effectsOf(down)).toEqual([{ kind: 'leadershipChanged', channel, isLeader: false }, { kind: 'disconnectOrderer', channel }]);
    const flag = up[0];
    if (flag?.kind !== 'update') throw new Error('expected an update first');
    expect(flag.apply(snap.state).channels[channel]?.isLeader).toBe(true);
  });

  it('[PEER-FUNC-WIRING-TABLE.1] timers are namespaced by their instance; a setTimer keeps its event', () => {
    const signals = WIRING.pull.setTimer({ kind: 'setTimer', timerId: 'hello', delayMs: 4_000, event: { type: 'x' } } as never, { sub: 'pull', channel }, ctx);
    expect(signals).toEqual([{ kind: 'effect', effect: { kind: 'setTimer', timerId: `pull|${channel}|hello`, delayMs: 4_000, event: { type: 'x' } } }]);
  });

  it('[PEER-FUNC-CHANNEL-INSTANCE.1] channel rows: gossip -> emitter ADD (stateInfo, sender excluded); rejected -> counted; a commit -> deliverToLedger then LEDGER_HEIGHT seq + 1 to the channel and to state transfer; timers namespaced', () => {
    const at = { sub: 'channel' as const, channel };
    const envelope = { payload: {}, signature: 's' } as never;
    expect(inputsOf(WIRING.channel.gossip({ kind: 'gossip', envelope, excludePkiId: pkiId('p9') }, at, ctx))).toEqual([
      [{ sub: 'emitter' }, { type: 'ADD', item: { message: { kind: 'stateInfo', channel, envelope }, excludePkiId: 'p9' } }],
    ]);
    expect(WIRING.channel.rejected({ kind: 'rejected', reason: 'stateInfo.badMac', message: 'm' }, at, ctx)).toEqual([{ kind: 'reject', reason: 'stateInfo.badMac', message: 'm' }]);
    const commit = WIRING.dissemination.commit({ kind: 'commit', seq: 4, block: {} as never }, { sub: 'dissemination', channel }, ctx);
    expect(commit.map((s) => (s.kind === 'effect' ? s.effect.kind : s.kind === 'input' ? [s.to, s.event] : s.kind))).toEqual([
      'deliverToLedger',
      [{ sub: 'channel', channel }, { type: 'LEDGER_HEIGHT', nowMs: snap.nowMs, height: 5 }],
      [{ sub: 'stateTransfer', channel }, { type: 'LEDGER_HEIGHT', height: 5 }],
    ]);
    expect(WIRING.channel.setTimer({ kind: 'setTimer', timerId: 'publish', delayMs: 4_000, event: { type: 'x' } } as never, at, ctx)).toEqual([
      { kind: 'effect', effect: { kind: 'setTimer', timerId: `channel|${channel}|publish`, delayMs: 4_000, event: { type: 'x' } } },
    ]);
  });

  it('[PEER-FUNC-CHANNEL-VIEW.1] a changed channel view reaches the election and block pull as its same-org part, and only when that part changed', () => {
    const at = { sub: 'channel' as const, channel };
    const ch = snap.state.channels[channel];
    if (ch === undefined) throw new Error('the snapshot has no channel');
    const same = WIRING.channel.viewChanged({ kind: 'viewChanged', peers: [...ch.view], wentOnline: [], wentOffline: [] }, at, ctx);
    expect(same.map((s) => s.kind)).toEqual(['effect']); // the gauge only
    const emptied = WIRING.channel.viewChanged({ kind: 'viewChanged', peers: [], wentOnline: [], wentOffline: [...ch.view] }, at, ctx);
    expect(inputsOf(emptied)).toEqual([
      'update',
      [{ sub: 'election', channel }, { type: 'VIEW_UPDATED', peers: [] }],
      [{ sub: 'pull', channel }, { type: 'PEERS_UPDATED', peers: [] }],
      'effect',
    ]);
  });
});
