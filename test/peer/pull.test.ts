/** Block pull through the composed peer: what push misses, pull brings; foreign pullers get nothing. */
import { createSymbolicSuite } from '../../src/core';
import { storedSeqs } from '../../src/dissemination';
import { pullItems } from '../../src/pull';
import { advanceTo, cutBlock, heal, ledgerOf, ordererBlocks, partition, peerState, traceEvents } from '../../src/sim';
import { CHANNEL, FAST_ELECTION_ENV, joinAll, joinCommand, network, oneOrg } from './fixtures';

describe('block pull in the composed peer', () => {
  it('[PEER-FUNC-PULL-ADMISSION.2] [PEER-FUNC-PULL-SERVES-STORE.1] a block pushed while a follower was cut off reaches it by pull after the heal', () => {
    let w = network(oneOrg(3, 'fabric-1.4', FAST_ELECTION_ENV), 5);
    w = advanceTo(joinAll(advanceTo(w, 1_000), joinCommand(['Org1MSP'])), 15_000);
    w = advanceTo(cutBlock(w, CHANNEL), 16_000);
    // p2 is cut off while block 1 is cut and pushed; it heals within the alive timeout, so it is
    // never declared dead, and only pull can give it block 1.
    w = partition(w, [['p0.org1msp', 'p1.org1msp'], ['p2.org1msp']]);
    w = advanceTo(cutBlock(w, CHANNEL), 17_000);
    w = advanceTo(heal(w), 17_500);
    expect(ledgerOf(w, 'p2.org1msp', CHANNEL).map((e) => e.seq)).toEqual([0]);
    w = advanceTo(w, 17_500 + 3 * 4_000 + 3_000);
    const chain = ordererBlocks(w, CHANNEL).map((b) => b.seq);
    expect(ledgerOf(w, 'p2.org1msp', CHANNEL).map((e) => e.seq)).toEqual(chain);
    const pulledUpdates = traceEvents(w).filter(
      (e) => e.k === 'send' && e.to === 'p2.org1msp' && (e.payload as { payload: { content: { $case: string } } }).payload.content.$case === 'dataUpdate',
    );
    expect(pulledUpdates.length).toBeGreaterThan(0);
    // The engine offers exactly what the store holds.
    const ch = peerState(w, 'p0.org1msp').channels[CHANNEL]!;
    expect([...pullItems(ch.pull)].sort()).toEqual(storedSeqs(ch.dissemination).map(String).sort());
  });

  it('[PEER-FUNC-PULL-ADMISSION.2] a hello from another org, for an unjoined channel, or from a same-org peer whose StateInfo we lack, is rejected', () => {
    let w = network(oneOrg(2, 'fabric-1.4', FAST_ELECTION_ENV), 5);
    w = advanceTo(joinAll(w, joinCommand(['Org1MSP', 'Org2MSP'])), 2_000);
    const suite = createSymbolicSuite(5);
    const foreigner = suite.enroll('Org2MSP', 'q');
    const mate = suite.enroll('Org1MSP', 'p1.org1msp');
    const hello = (channel: string) => ({ payload: { nonce: 0n, channel, tag: 'CHAN_AND_ORG', content: { $case: 'hello', hello: { nonce: 7n, metadata: '', msgType: 'BLOCK_MSG' } } }, signature: '' });
    const from = (k: { identity: string }) => ({ pkiId: suite.pkiIdOf(k.identity), identity: k.identity, endpoint: 'x:1' });
    const s = peerState(w, 'p0.org1msp');
    expect(w.config.reducer.step(s, { kind: 'receive', nowMs: w.nowMs, from: from(foreigner), payload: hello(CHANNEL) })[0].rejected['pull.foreignSender']).toBe(1);
    expect(w.config.reducer.step(s, { kind: 'receive', nowMs: w.nowMs, from: from(mate), payload: hello('elsewhere') })[0].rejected['pull.unknownChannel']).toBe(1);
    // Fabric: "Don't have StateInfo message of peer": before the mate's StateInfo arrived (publish tick 4 s)...
    expect(w.config.reducer.step(s, { kind: 'receive', nowMs: w.nowMs, from: from(mate), payload: hello(CHANNEL) })[0].rejected['pull.notEligible']).toBe(1);
    // ...and once it has, the same hello goes to the pull engine.
    w = advanceTo(w, 15_000);
    const later = peerState(w, 'p0.org1msp');
    expect(w.config.reducer.step(later, { kind: 'receive', nowMs: w.nowMs, from: from(mate), payload: hello(CHANNEL) })[0].rejected).toEqual(later.rejected);
  });
});
