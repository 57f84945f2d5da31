/**
 * Ports of the message-level tests of Fabric's discovery_test.go, driving membership reducers
 * directly (Fabric calls handleMsgFromComm and the create* helpers on instances with comm off).
 */
import { aliveMembers, aliveStoreContents, deadMembers, lookup, type AliveEnvelope } from '../../src/membership';
import type { Envelope } from '../../src/messages';
import type { MembershipDriver } from './driver';
import { aliveFrom, driverFor, memReq, peer, pki, received, type TestPeer } from './fixtures';

const TIMEOUT_MS = 3000;

function responsesTo(d: MembershipDriver, p: TestPeer): Envelope[] {
  return d.of('send').filter((s) => s.to[0]?.pkiId === pki(p) && s.message.payload.content.$case === 'memRes').map((s) => s.message);
}

describe('Fabric discovery_test.go ports (messages and stores)', () => {
  it('[MEM-FUNC-MSGSTORE-EXPIRATION.1] TestMsgStoreExpirationWithMembershipMessages: after expiry, old requests, alive messages and responses change nothing', () => {
    const peers = [0, 1, 2].map((i) => peer(`d${i}`, 22610 + i));
    const drivers = peers.map((p) => driverFor(p));
    const others = (i: number) => peers.filter((_, k) => k !== i);
    const memReqMsgs = peers.map((p) => memReq(aliveFrom(p, 1)));
    const aliveMsgs = peers.map((p) => aliveFrom(p, 2));
    drivers.forEach((d) => peers.forEach((p, k) => d.send(received(p, aliveMsgs[k] as AliveEnvelope))));
    const knowsAll = (msgs: readonly AliveEnvelope[]) =>
      drivers.forEach((d, i) =>
        others(i).forEach((p) => {
          expect(lookup(d.state, pki(p))?.status).toBe('alive');
          const stored = aliveStoreContents(d.state).find(([id]) => id === pki(p))?.[1];
          expect(stored?.ts).toEqual(msgs[peers.indexOf(p)]?.payload.content.aliveMsg.timestamp);
        }),
      );
    knowsAll(aliveMsgs); // step 1
    // Responses each instance builds for each other one, while everyone knows everyone.
    const memRespMsgs = peers.map((p, i) => others(i).flatMap((q) => {
      const dq = drivers[peers.indexOf(q)] as MembershipDriver;
      dq.send(received(p, memReq(aliveMsgs[i] as AliveEnvelope)));
      return responsesTo(dq, p).slice(-1);
    }));
    expect(memRespMsgs.map((r) => r.length)).toEqual([2, 2, 2]);
    const newAliveMsgs = peers.map((p) => aliveFrom(p, 1000));
    drivers.forEach((d) => peers.forEach((p, k) => d.send(received(p, newAliveMsgs[k] as AliveEnvelope))));
    knowsAll(newAliveMsgs); // step 2
    const forgotten = (step: string) =>
      drivers.forEach((d) => {
        expect([step, aliveMembers(d.state), deadMembers(d.state), aliveStoreContents(d.state)]).toEqual([step, [], [], []]);
      });
    drivers.forEach((d) => d.advanceBy(TIMEOUT_MS * (20 + 5)));
    forgotten('step 3: expiration in the msg store');
    drivers.forEach((d, i) => others(i).forEach((p) => d.send(received(p, memReqMsgs[peers.indexOf(p)] as Envelope))));
    forgotten('step 4: old membership requests');
    drivers.forEach((d) => peers.forEach((p, k) => d.send(received(p, aliveMsgs[k] as AliveEnvelope))));
    forgotten('step 5: old alive messages');
    drivers.forEach((d, i) => memRespMsgs[i]?.forEach((res) => d.send(received(others(i)[0] as TestPeer, res))));
    forgotten('step 6: old membership responses');
  });

  it('[MEM-FUNC-MEMRES-REFUSE.1] TestMemRespDisclosurePol: the peer the policy hides never gets a response, yet is learned', () => {
    const d1 = peer('d1', 7878);
    const d2 = peer('d2', 7879, 'Org2MSP', ''); // Fabric's test policy hides everything from 7879; here its org and lack of external endpoint do
    const d3 = peer('d3', 7880);
    const d = driverFor(d1);
    d.send(received(d2, memReq(aliveFrom(d2, 1))));
    d.send(received(d3, memReq(aliveFrom(d3, 1))));
    expect(responsesTo(d, d2)).toEqual([]);
    expect(responsesTo(d, d3)).toHaveLength(1);
    expect(d.of('closeConnection')).toEqual([{ kind: 'closeConnection', pkiId: pki(d2) }]);
    expect(aliveMembers(d.state).map((m) => m.pkiId).sort()).toEqual([pki(d2), pki(d3)].sort());
  });

  it('[MEM-FUNC-ALIVE-LEARN.1] TestHandleAliveMessage_RelearnsMemberAfterConcurrentPurge: a purged member is learned again by its next alive message', () => {
    const A = peer('A', 7601);
    const B = peer('B', 7602);
    const d = driverFor(A);
    d.send(received(B, aliveFrom(B, 1)));
    d.advanceTo(60600);
    expect(lookup(d.state, pki(B))).toBeUndefined();
    d.send(received(B, aliveFrom(B, 2)));
    expect(lookup(d.state, pki(B))?.status).toBe('alive');
    expect(aliveMembers(d.state)).toHaveLength(1);
  });
});
