/**
 * Ports of Fabric's gossip/gossip/channel/channel_test.go tests that exercise a GossipChannel's
 * block side (block store, block pull, DeMultiplex), on the composed peer: Fabric's GossipChannel is
 * split here into the channel subsystem (StateInfo), dissemination (block store, payload buffer) and
 * the pull engine, composed per peer, so one peer reducer is driven through its public PeerReducer
 * API, as the tests drive one GossipChannel. Fabric's names, org layout (channel A), timing
 * (pullInterval 1s, digestWaitTime 150ms, request/responseWaitTime 300ms, publish/request StateInfo
 * 100ms, pullPeerNum 3, maxBlockCountToStore 100) and assertions are kept.
 *
 * How the mechanism differs:
 * - The adapter mock becomes a host (MockAdapterHost in channel-host.ts): Send/Respond are the peer's `send`
 *   effects, and the mock's Send.Run hooks (simulatePullPhase: answer a hello with a digest, a
 *   request with an update) are an `onSend` hook that feeds the answers back as `receive` inputs,
 *   at once, as Fabric's hooks call HandleMessage; timers fire in virtual time, so Fabric's "within
 *   5s" and "not within 1s" are exact checks after that much virtual time.
 * - GetMembership/GetOrgOfPeer/Lookup become what the peer learns: each peer the test names sends
 *   one signed alive message (membership knows it, with its identity, hence its org) and, where
 *   Fabric hands the channel a StateInfo, that peer's signed StateInfo.
 * - DeMultiplex becomes what it feeds in Fabric, the state provider: the block enters the payload
 *   buffer and is committed (`deliverToLedger`), in order from the ledger height; so the peer
 *   starts at the height where Fabric's test blocks begin. Blocks are real orderer-signed blocks
 *   (Fabric's mock VerifyBlock accepts anything).
 * - Fabric's "imaginary peer" answering the pull is pkiIDInOrg1, which is also the channel's own
 *   PKI-ID in those tests; a peer never pulls from itself here ([PUL-FUNC-START-ROUND.1]), so the
 *   imaginary peer is a distinct peer of ORG1 (`imaginary`).
 * - State transfer is off (Fabric's GossipChannel has none) and the peer is a static follower.
 */
import { isEligible } from '../../src/channel';
import type { SigningKey } from '../../src/core';
import { storedSeqs } from '../../src/dissemination';
import {
  CHANNEL_A,
  aliveOf,
  contentOf,
  dataMsg,
  enroll,
  helloMsg,
  makeBlock,
  newGossipChannel,
  pkiOf,
  pullPhase,
  reducer,
  sequence,
  stateInfoMsg,
  toPki,
  conn,
} from './channel-host';

describe('GossipChannel block side: ports of Fabric channel_test.go on the composed peer', () => {
  it('[PEER-FUNC-PULL-ADMISSION.2] [PUL-FUNC-REQUEST.1] [PUL-FUNC-UPDATE.1] TestChannelPull: a pull round asks for 10 and 11 and both are de-multiplexed, 10 then 11', () => {
    const self = enroll('ORG1', 'pull-self');
    const imaginary = enroll('ORG1', 'pull-pkiIDInOrg1');
    const host = newGossipChannel(self, ['ORG1'], 10);
    host.receive(imaginary, aliveOf(imaginary));
    host.receive(imaginary, stateInfoMsg(100, imaginary));
    let phases = 0;
    const start = host.effects.length;
    host.onSend = pullPhase(host, imaginary, ['10', '11'], ['10', '11'], () => [10, 11], () => (phases += 1));
    // wg.Wait(), then "Haven't received blocks on time" after 5s.
    host.advanceBy(5000);
    expect(phases).toBe(1);
    expect(host.committed(start)).toEqual([10, 11]);
    expect(storedSeqs(host.state.channels[CHANNEL_A]!.dissemination)).toEqual([10, 11]);
  });

  it('[DIS-FUNC-STORE-WINDOW.1] [DIS-SAFE-BLOCK-WINDOW.1] [PEER-FUNC-PULL-SERVES-STORE.1] TestChannelMsgStoreEviction: after 4 pull phases of 50 blocks, a hello gets one digest of maxBlockCountToStore + 1 = 101 items, holding the last phase', () => {
    // Fabric's Send hook: every block pull message starts a fresh simulatePullPhase whose blocks are
    // those of the current phase; a hello advances the phase; once the 4th phase is reached hellos
    // go unanswered. The digest offered is always {10, 11} and the request must be exactly that.
    // Fabric's test never calls UpdateLedgerHeight, so its digest ingress filter passes 10 and 11:
    // the peer starts at height 0 ([DIS-FUNC-PULL-INGRESS-FILTER.1]); the pulled blocks are far
    // beyond the payload buffer's window, so they are stored (what is measured) but not buffered.
    const self = enroll('ORG1', 'eviction-self');
    const imaginary = enroll('ORG1', 'eviction-pkiIDInOrg1');
    const host = newGossipChannel(self, ['ORG1'], 0);
    host.receive(imaginary, aliveOf(imaginary));
    host.receive(imaginary, stateInfoMsg(100, imaginary));
    const msgsPerPhase = 50;
    const totalPhases = 4;
    let phaseNum = 0;
    let phasesDone = 0;
    let lastPullPhase: number[] = [];
    host.onSend = (send) => {
      const c = contentOf(send);
      // Ignore all other messages sent, like StateInfo messages (and identity pull's).
      if ((c.$case !== 'hello' || c.hello.msgType !== 'BLOCK_MSG') && (c.$case !== 'dataReq' || c.dataReq.msgType !== 'BLOCK_MSG')) return [];
      // Stop the pull when we reach the final phase.
      if (phaseNum === totalPhases && c.$case === 'hello') return [];
      const start = phaseNum * msgsPerPhase;
      const end = start + msgsPerPhase;
      if (c.$case === 'hello') phaseNum += 1;
      const currSeq = sequence(start, end);
      const answers = pullPhase(host, imaginary, ['10', '11'], ['10', '11'], () => currSeq, () => (phasesDone += 1))(send);
      if (c.$case === 'dataReq' && phaseNum === totalPhases) lastPullPhase = currSeq;
      return answers;
    };
    // Wait for all pull phases to end: one per pullInterval (1s).
    for (let i = 0; i < 10 && phasesDone < totalPhases; i++) host.advanceBy(1000);
    expect(phasesDone).toBe(totalPhases);
    expect(lastPullPhase).toEqual(sequence(200, 250));

    // A hello from the imaginary peer: exactly one digest comes back, on time.
    host.onSend = () => [];
    const from = host.effects.length;
    host.receive(imaginary, helloMsg());
    host.advanceBy(5000);
    const digests = host.sends(from).flatMap((s) => {
      const c = contentOf(s);
      return c.$case === 'dataDig' && c.dataDig.msgType === 'BLOCK_MSG' && toPki(s.to).includes(pkiOf(imaginary)) ? [c.dataDig] : [];
    });
    expect(digests).toHaveLength(1);
    expect(digests[0]!.nonce).toBe(500n);
    const maxBlockCountToStore = host.state.config.maxBlockCountToStore;
    expect(maxBlockCountToStore).toBe(100);
    expect(digests[0]!.digests).toHaveLength(maxBlockCountToStore + 1);
    // The last sequences are kept; with the length, this proves the older blocks were evicted.
    for (const seq of lastPullPhase) expect(digests[0]!.digests).toContain(String(seq));
  });

  it('[PEER-FUNC-PULL-ADMISSION.2] [PUL-FUNC-START-ROUND.1] TestChannelPullAccessControl: no digest to a hello from a foreign-org peer; hellos go only to the same-org peer "1"', () => {
    // Channel {ORG1, ORG2}: peer "1" is of ORG1, "2" and "3" of ORG2; all published StateInfo.
    const self = enroll('ORG1', 'acl-pkiIDInOrg1');
    const p1 = enroll('ORG1', 'acl-1');
    const p2 = enroll('ORG2', 'acl-2');
    const p3 = enroll('ORG2', 'acl-3');
    const host = newGossipChannel(self, ['ORG1', 'ORG2'], 0);
    let sentHello = 0;
    const helloTargets = new Set<string>();
    host.onSend = (send) => {
      const c = contentOf(send);
      if (c.$case === 'hello' && c.hello.msgType === 'BLOCK_MSG') {
        sentHello += 1;
        for (const to of toPki(send.to)) helloTargets.add(to);
      }
      return [];
    };
    for (const p of [p1, p2, p3]) host.receive(p, aliveOf(p));
    for (const p of [p1, p2, p3]) host.receive(p, stateInfoMsg(100, p));
    // A block in the store, so that a hello gets a digest. (Fabric's comes "from" the channel's own PKI-ID.)
    host.receive(p1, dataMsg(5));
    expect(storedSeqs(host.state.channels[CHANNEL_A]!.dissemination)).toEqual([5]);

    const digestsTo = (p: SigningKey, from: number) =>
      host.sends(from).filter((s) => contentOf(s).$case === 'dataDig' && toPki(s.to).includes(pkiOf(p)));
    let from = host.effects.length;
    host.receive(p1, helloMsg());
    expect(digestsTo(p1, from)).toHaveLength(1);

    from = host.effects.length;
    const rejectedBefore = host.state.rejected['pull.foreignSender'] ?? 0;
    host.receive(p2, helloMsg());
    host.advanceBy(1000);
    expect(digestsTo(p2, from)).toHaveLength(0);
    expect(host.state.rejected['pull.foreignSender']).toBe(rejectedBefore + 1);

    // Let the channel send out its hellos for 3s: at least one, and only to peer "1".
    host.advanceBy(3000);
    expect(sentHello).toBeGreaterThan(0);
    expect([...helloTargets]).toEqual([pkiOf(p1)]);
  });

  it('[DIS-FUNC-STORE-WINDOW.1] [DIS-FUNC-ORDERER-BLOCK.1] [CHN-FUNC-ELIGIBILITY.1] TestChannelAddToMessageStore: a block added to the store is not de-multiplexed when received; a StateInfo makes its peer answered and eligible', () => {
    // Fabric's AddToMsgStore has one production caller, Node.Gossip for data messages: the leader's
    // block from the ordering service, here the `ordererBlock` host input. Its StateInfo branch has
    // none; a StateInfo enters the channel by HandleMessage (as in the test's last step), which is
    // what this port does. "De-multiplexed" is observed as the block being committed and forwarded:
    // a second same-org peer ("2", eligible) is there so that a forward becomes a send to it.
    const self = enroll('ORG1', 'add-self');
    const imaginary = enroll('ORG1', 'add-pkiIDInOrg1');
    const p2 = enroll('ORG1', 'add-2');
    const host = newGossipChannel(self, ['ORG1'], 11);
    host.receive(imaginary, aliveOf(imaginary));
    host.receive(p2, aliveOf(p2));
    host.receive(p2, stateInfoMsg(1, p2));
    const blocksTo = (p: SigningKey, seq: number, from: number) =>
      host.sends(from).filter((s) => {
        const c = contentOf(s);
        return c.$case === 'dataMsg' && c.dataMsg.payload.seqNum === seq && toPki(s.to).includes(pkiOf(p));
      });

    // Adding a message of a bad type does not crash, and changes nothing but the rejection count.
    const before = host.state;
    host.input({ kind: 'ordererBlock', nowMs: host.nowMs, channel: CHANNEL_A, seq: 3, block: helloMsg() });
    expect(host.state.rejected['orderer.decodeError']).toBe(1);
    expect({ ...host.state, rejected: {} }).toEqual({ ...before, rejected: {} });

    // A new block received is de-multiplexed (committed, and forwarded to "2").
    let from = host.effects.length;
    host.receive(imaginary, dataMsg(11));
    host.advanceBy(1000);
    expect(host.committed(from)).toEqual([11]);
    expect(blocksTo(p2, 11, from)).toHaveLength(1);

    // AddToMsgStore(12): the leader's own block.
    host.input({ kind: 'ordererBlock', nowMs: host.nowMs, channel: CHANNEL_A, seq: 12, block: makeBlock(CHANNEL_A, 12, 'prev-11') });
    host.advanceBy(1000);
    expect(storedSeqs(host.state.channels[CHANNEL_A]!.dissemination)).toEqual([11, 12]);
    // Receiving 12 now: not de-multiplexed (dropped at the store: no commit, no forward).
    from = host.effects.length;
    host.receive(imaginary, dataMsg(12));
    host.advanceBy(1000);
    expect(host.committed(from)).toEqual([]);
    expect(blocksTo(p2, 12, from)).toHaveLength(0);
    const dropped = host.effects.slice(from).flatMap(({ effect }) => (effect.kind === 'log' ? [effect.fields?.['rule']] : []));
    expect(dropped).toContain('DIS-FUNC-STORE-WINDOW.1');

    // Without a StateInfo of pkiIDInOrg1 its hello goes unanswered ("Don't have StateInfo message of peer")...
    from = host.effects.length;
    host.receive(imaginary, helloMsg());
    host.advanceBy(1000);
    expect(host.sends(from).filter((s) => contentOf(s).$case === 'dataDig')).toHaveLength(0);
    // ...with it in the channel, the hello is answered within 1s.
    host.receive(imaginary, stateInfoMsg(10, imaginary));
    from = host.effects.length;
    host.receive(imaginary, helloMsg());
    host.advanceBy(1000);
    expect(host.sends(from).filter((s) => contentOf(s).$case === 'dataDig' && toPki(s.to).includes(pkiOf(imaginary)))).toHaveLength(1);
    // HandleMessage(StateInfo): EligibleForChannel(pkiIDInOrg1).
    host.receive(imaginary, stateInfoMsg(10, imaginary));
    expect(isEligible(host.state.channels[CHANNEL_A]!.gossipChannel, { pkiId: pkiOf(imaginary), identity: imaginary.identity })).toBe(true);
  });

  it('[GEN-FUNC-BAD-INPUT.1] [PEER-FUNC-EDGE-DECODE.1] TestBadInput: a nil message, or a received message without one, fails verification and changes nothing', () => {
    const self = enroll('ORG1', 'bad-self');
    const p1 = enroll('ORG1', 'bad-1');
    const host = newGossipChannel(self, ['ORG1'], 0);
    const before = host.state;
    // verifyMsg(nil): nothing received at all; verifyMsg(&receivedMsg{msg: nil, PKIID: nil}): a message with no content.
    const [afterNil, effectsNil] = reducer.step(before, { kind: 'receive', nowMs: 0, from: conn(p1), payload: null });
    const [afterEmpty, effectsEmpty] = reducer.step(before, { kind: 'receive', nowMs: 0, from: conn(p1), payload: { payload: null, signature: '' } });
    for (const [after, effects] of [[afterNil, effectsNil], [afterEmpty, effectsEmpty]] as const) {
      expect(Object.keys(after.rejected).filter((r) => r.startsWith('message.'))).toHaveLength(1);
      expect({ ...after, rejected: {} }).toEqual({ ...before, rejected: {} });
      expect(effects.every((e) => e.kind === 'log' || e.kind === 'metric')).toBe(true);
    }
  });
});
