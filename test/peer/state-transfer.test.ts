/**
 * State transfer in the composed peer, in the simulator: gaps wider than the block store's window
 * (Fabric 1.4's maxBlockCountToStore 100) are closed by anti-entropy, never by push or pull alone.
 */
import { advanceTo, crash, heal, leadersOf, partition, peerNames, restart } from '../../src/sim';
import { CHANNEL, FAST_ELECTION_ENV, joinAll, joinCommand, network, oneOrg } from './fixtures';
import { catchUpBy, chain, cutBlocks, seqs, staticOrg, stateResponsesTo } from './stx-helpers';

const ORG = ['Org1MSP'];

describe('state transfer in the composed peer', () => {
  it('[PEER-FUNC-STATE-TRANSFER.2] [PEER-LIVE-LEDGER-CATCH-UP.1] a peer that joins a channel 1,000 blocks late ends with the orderer\'s exact chain within the bound, by state responses', () => {
    let w = network(staticOrg(3), 11);
    w = advanceTo(joinAll(advanceTo(w, 1_000), joinCommand(ORG), ['p0.org1msp', 'p1.org1msp']), 15_000);
    w = cutBlocks(w, 1_000, 10);
    expect(seqs(w, 'p2.org1msp')).toEqual([]);
    const joinedAtMs = w.nowMs;
    w = advanceTo(joinAll(w, joinCommand(ORG), ['p2.org1msp']), catchUpBy(w, joinedAtMs));
    expect(chain(w)).toHaveLength(1_000);
    for (const name of peerNames(w)) expect(seqs(w, name)).toEqual(chain(w));
    const { responses, blocks } = stateResponsesTo(w, 'p2.org1msp');
    // 1,000 blocks at batchSize + 1 = 11 per response; the store's window of 100 could have come
    // by pull, the other 900 only by state transfer.
    expect(blocks).toBeGreaterThanOrEqual(900);
    expect(responses).toBeGreaterThanOrEqual(Math.ceil(900 / 11));
  });

  it('[PEER-FUNC-STATE-TRANSFER.2] without state transfer (state.enabled false) the same late joiner never gets past the gap: the window alone cannot close it', () => {
    const defs = staticOrg(3).map((p) => ({ ...p, config: { ...p.config, state: { ...p.config.state, enabled: false } } }));
    let w = network(defs, 11);
    w = advanceTo(joinAll(advanceTo(w, 1_000), joinCommand(ORG), ['p0.org1msp', 'p1.org1msp']), 15_000);
    w = cutBlocks(w, 300, 10);
    const joinedAtMs = w.nowMs;
    w = advanceTo(joinAll(w, joinCommand(ORG), ['p2.org1msp']), catchUpBy(w, joinedAtMs));
    expect(seqs(w, 'p1.org1msp')).toEqual(chain(w)); // 10 ms apart, push reached the follower that was there
    expect(seqs(w, 'p2.org1msp')).toEqual([]); // block 0 is long out of every store's window
    expect(stateResponsesTo(w, 'p2.org1msp').responses).toBe(0);
  });

  it('[PEER-FUNC-STATE-TRANSFER.2] [PEER-LIVE-LEDGER-CATCH-UP.1] a follower partitioned away while 300 blocks are cut (window 100) ends with the orderer\'s exact chain after the heal', () => {
    let w = network(staticOrg(3), 12);
    w = advanceTo(joinAll(advanceTo(w, 1_000), joinCommand(ORG)), 15_000);
    w = cutBlocks(w, 20, 50);
    expect(seqs(w, 'p2.org1msp')).toEqual(chain(w));
    // 300 blocks, one every 100 ms: a 30 s partition, longer than the alive expiration (25 s).
    w = partition(w, [['p0.org1msp', 'p1.org1msp'], ['p2.org1msp']]);
    w = cutBlocks(w, 300, 100);
    expect(seqs(w, 'p2.org1msp')).toHaveLength(20);
    const healedAtMs = w.nowMs;
    w = advanceTo(heal(w), catchUpBy(w, healedAtMs));
    for (const name of peerNames(w)) expect(seqs(w, name)).toEqual(chain(w));
    expect(stateResponsesTo(w, 'p2.org1msp').blocks).toBeGreaterThanOrEqual(300 - 100);
  });

  it('[PEER-FUNC-STATE-TRANSFER.2] [PEER-LIVE-LEDGER-CATCH-UP.1] a leader that crashes mid-stream: a new leader takes the stream over, and the old one, restarted, catches up; every ledger is the orderer\'s chain', () => {
    let w = network(oneOrg(3, 'fabric-1.4', FAST_ELECTION_ENV), 13);
    w = advanceTo(joinAll(advanceTo(w, 1_000), joinCommand(ORG)), 15_000);
    const [leader] = leadersOf(w, CHANNEL);
    expect(leader).toBeDefined();
    w = cutBlocks(w, 100, 20);
    w = crash(w, leader as string);
    w = cutBlocks(w, 200, 20);
    const [successor] = leadersOf(w, CHANNEL);
    expect(successor).toBeDefined();
    expect(successor).not.toBe(leader);
    w = cutBlocks(w, 100, 20);
    w = restart(w, leader as string);
    const restartedAtMs = w.nowMs;
    w = advanceTo(w, catchUpBy(w, restartedAtMs));
    expect(chain(w)).toHaveLength(400);
    for (const name of peerNames(w)) expect(seqs(w, name)).toEqual(chain(w));
    expect(leadersOf(w, CHANNEL)).toHaveLength(1);
  });
});
