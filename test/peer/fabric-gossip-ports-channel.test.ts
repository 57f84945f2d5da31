/**
 * Ports of two GossipChannel tests of Fabric's gossip/gossip/channel/channel_test.go on the composed
 * peer (TestChannelStop, TestChannelPullWithDigestsFilter), with the harness of
 * test/peer/fabric-channel-peer-ports.test.ts (channel-host.ts: channel_test.go's conf, channel A,
 * the adapter mock as a host in virtual time).
 *
 * Adaptations of the mechanism (never of the assertions):
 * - gc.Stop() is the peer's STOP command: Fabric stops a GossipChannel when its node stops
 *   (Node.Stop stops every channel's state); the peer has no command that stops one channel alone.
 *   Fabric's adapter mock counts the channel's Send calls; here the channel's sends are counted:
 *   block pull messages (hello, request of BLOCK_MSG), StateInfo, and StateInfo pull requests.
 * - Fabric's GetMembership lists pkiIDInOrg1, the channel's own PKI-ID; a peer never sends to
 *   itself here, so a distinct peer of ORG1 (`imaginary`) is alive and in the channel (its alive
 *   message and StateInfo), which is what gives the channel somebody to send to.
 * - UpdateLedgerHeight(11) is the ledger height the peer starts at; DeMultiplex is the commit of the
 *   block (`deliverToLedger`), as in the sibling ports.
 */
import { storedSeqs } from '../../src/dissemination';
import { aliveOf, CHANNEL_A, contentOf, enroll, newGossipChannel, pullPhase, stateInfoMsg, type Send } from './channel-host';

const isChannelSend = (s: Send): boolean => {
  const c = contentOf(s);
  switch (c.$case) {
    case 'hello':
      return c.hello.msgType === 'BLOCK_MSG';
    case 'dataReq':
      return c.dataReq.msgType === 'BLOCK_MSG';
    case 'stateInfo':
    case 'stateInfoPullReq':
      return true;
    default:
      return false;
  }
};

describe('channel_test.go: TestChannelStop and TestChannelPullWithDigestsFilter on the composed peer', () => {
  it('[CHN-FUNC-STOP.1] [PUL-FUNC-STOP.1] TestChannelStop: after Stop, the channel\'s sends cease within 15 s (a 1 s window with no new send)', () => {
    const self = enroll('ORG1', 'stop-self');
    const imaginary = enroll('ORG1', 'stop-pkiIDInOrg1');
    const host = newGossipChannel(self, ['ORG1'], 1);
    host.receive(imaginary, aliveOf(imaginary));
    host.receive(imaginary, stateInfoMsg(1, imaginary));
    // time.Sleep(time.Second), then gc.Stop().
    host.advanceBy(1000);
    const channelSends = () => host.sends().filter(isChannelSend).length;
    // The channel was sending (pull hellos every 1 s, StateInfo requests every 100 ms): without this
    // the check below would hold trivially.
    expect(channelSends()).toBeGreaterThan(0);
    host.input({ kind: 'command', nowMs: host.nowMs, command: { type: 'STOP' } });
    // Fabric's loop: every second, compare the count with the previous one; fail after 15 s.
    let oldCount = channelSends();
    let stoppedAfterMs: number | undefined;
    for (let waitedMs = 1000; waitedMs <= 15_000; waitedMs += 1000) {
      host.advanceBy(1000);
      const newCount = channelSends();
      if (newCount === oldCount) {
        stoppedAfterMs = waitedMs;
        break;
      }
      oldCount = newCount;
    }
    expect(stoppedAfterMs).toBeDefined();
    // And it stays stopped: no channel send in the next 15 s either.
    const settled = channelSends();
    host.advanceBy(15_000);
    expect(channelSends()).toBe(settled);
  });

  it('[DIS-FUNC-PULL-INGRESS-FILTER.1] [PEER-FUNC-PULL-ADMISSION.2] [PUL-FUNC-REQUEST.1] TestChannelPullWithDigestsFilter: at ledger height 11, a digest of {10, 11} yields a request for 11 only, and block 11 is de-multiplexed', () => {
    const self = enroll('ORG1', 'digest-filter-self');
    const imaginary = enroll('ORG1', 'digest-filter-pkiIDInOrg1');
    const host = newGossipChannel(self, ['ORG1'], 11);
    host.receive(imaginary, aliveOf(imaginary));
    host.receive(imaginary, stateInfoMsg(100, imaginary));
    let phases = 0;
    const start = host.effects.length;
    // pullPhase asserts the request asks for exactly ['11'] (Fabric's require.Contains + Len).
    host.onSend = pullPhase(host, imaginary, ['10', '11'], ['11'], () => [11], () => (phases += 1));
    // wg.Wait(), then "Haven't received blocks on time" after 5 s.
    host.advanceBy(5000);
    expect(phases).toBe(1);
    expect(host.committed(start)).toEqual([11]);
    expect(storedSeqs(host.state.channels[CHANNEL_A]!.dissemination)).toEqual([11]);
  });
});
