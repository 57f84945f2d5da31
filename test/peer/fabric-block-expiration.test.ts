/**
 * Port of Fabric's gossip/gossip/channel/channel_test.go TestChannelBlockExpiration on the composed
 * peer, with the one-peer host of channel-host.ts (Fabric's gossipAdapterMock), and the block
 * store's TTL at the peer's scale.
 *
 * How the mechanism differs:
 * - Fabric's test sets BlockExpirationInterval to 6 s beside a PullInterval of 1 s; here the TTL is
 *   what Fabric's chanstate.go derives in production, PullInterval × 100 = 100 s, and the test
 *   sleeps "BlockExpirationInterval + 1 s" of virtual time as Fabric does.
 * - "De-multiplexed" (Fabric's DeMultiplex mock) is observed as what it leads to here: the block is
 *   accepted by the store and forwarded, to a second eligible peer of the org ("2"), and committed
 *   the first time (the later acceptance is below the ledger height, so the payload buffer drops
 *   it as Fabric's state provider would).
 * - The adapter mock's membership is static; here pkiIDInOrg1 and "2" send a fresh alive message
 *   every 5 s so that membership keeps them (and the channel their StateInfo) over the 200 s.
 * - Fabric's AddToMsgStore(stateInfoMsg) is the StateInfo received from pkiIDInOrg1.
 */
import { BLOCK_EXPIRATION_TIMER_EVENT, storedSeqs } from '../../src/dissemination';
import { disseminationParamsOf } from '../../src/peer/params';
import { CHANNEL_A, aliveOf, contentOf, dataMsg, enroll, helloMsg, newGossipChannel, pkiOf, stateInfoMsg, toPki, type MockAdapterHost } from './channel-host';
import type { SigningKey } from '../../src/core';

describe('GossipChannel block store expiration: port of Fabric channel_test.go', () => {
  it('[DIS-FUNC-BLOCK-EXPIRATION.1] [DIS-PARAM-BLOCK-EXPIRATION.1] [PEER-FUNC-PULL-SERVES-STORE.1] TestChannelBlockExpiration: an expired block is neither de-multiplexed again nor offered in a digest; once purged it is de-multiplexed and offered again', () => {
    const self = enroll('ORG1', 'expiry-self');
    const imaginary = enroll('ORG1', 'expiry-pkiIDInOrg1');
    const p2 = enroll('ORG1', 'expiry-2');
    const host = newGossipChannel(self, ['ORG1'], 11);
    let seqNum = 1n;
    const keepAlive = () => {
      seqNum += 1n;
      for (const p of [imaginary, p2]) host.receive(p, aliveOf(p, { seqNum }));
    };
    keepAlive();
    host.receive(p2, stateInfoMsg(1, p2));
    /** time.Sleep(d), the mock's membership staying as it is. */
    const sleep = (ms: number) => {
      for (let left = ms; left > 0; left -= 5000) {
        host.advanceBy(Math.min(5000, left));
        keepAlive();
      }
    };
    const ttl = disseminationParamsOf(host.state.config).blockExpirationIntervalMs;
    expect(ttl).toBe(100 * host.state.config.pullIntervalMs);
    expect(ttl).toBe(100_000);

    const forwardsOf11 = (from: number) =>
      host.sends(from).filter((s) => {
        const c = contentOf(s);
        return c.$case === 'dataMsg' && c.dataMsg.payload.seqNum === 11 && toPki(s.to).includes(pkiOf(p2));
      });
    const digestsTo = (p: SigningKey, from: number) =>
      host.sends(from).flatMap((s) => {
        const c = contentOf(s);
        return c.$case === 'dataDig' && c.dataDig.msgType === 'BLOCK_MSG' && toPki(s.to).includes(pkiOf(p)) ? [c.dataDig] : [];
      });
    const demultiplexedWithin1s = (h: MockAdapterHost) => {
      const from = h.effects.length;
      h.receive(imaginary, dataMsg(11));
      h.advanceBy(1000);
      return { forwards: forwardsOf11(from).length, committed: h.committed(from) };
    };
    const digestWithin1s = () => {
      host.receive(imaginary, stateInfoMsg(10, imaginary));
      const from = host.effects.length;
      host.receive(imaginary, helloMsg());
      host.advanceBy(1000);
      return digestsTo(imaginary, from);
    };

    // We make sure that if we get a new message it is de-multiplexed.
    expect(demultiplexedWithin1s(host)).toEqual({ forwards: 1, committed: [11] });
    // Digests: one, of block 11.
    let digests = digestWithin1s();
    expect(digests).toHaveLength(1);
    expect(digests[0]!.digests).toEqual(['11']);

    sleep(ttl + 1000);

    // The message expired in the store, but still is not de-multiplexed when received again.
    expect(host.state.channels[CHANNEL_A]!.dissemination.context.store).toEqual([11]);
    expect(storedSeqs(host.state.channels[CHANNEL_A]!.dissemination)).toEqual([]);
    expect(demultiplexedWithin1s(host)).toEqual({ forwards: 0, committed: [] });
    // The pull engine no longer offers it: no digest is sent.
    expect(digestWithin1s()).toHaveLength(0);

    sleep(ttl + 1000);

    // The message was removed from the store, so it is de-multiplexed when received again.
    expect(host.state.channels[CHANNEL_A]!.dissemination.context.store).toEqual([]);
    expect(demultiplexedWithin1s(host)).toEqual({ forwards: 1, committed: [] });
    // ...and offered again: a digest of one item.
    digests = digestWithin1s();
    expect(digests).toHaveLength(1);
    expect(digests[0]!.digests).toEqual(['11']);

    // The expiry check is the channel's dissemination timer, every TTL / 100 (= pullInterval).
    const armed = host.effects.flatMap(({ effect }) => (effect.kind === 'setTimer' && effect.timerId.startsWith(`dissemination|${CHANNEL_A}|`) ? [effect] : []));
    expect(armed.length).toBeGreaterThan(200);
    for (const t of armed) {
      expect(t.delayMs).toBe(ttl / 100);
      expect(t.timerId).toBe(`dissemination|${CHANNEL_A}|${BLOCK_EXPIRATION_TIMER_EVENT}`);
    }
  });
});
