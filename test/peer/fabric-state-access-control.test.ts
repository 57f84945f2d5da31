/**
 * Port of Fabric's state_test.go `TestAccessControl` at the level of the composed peer, in the
 * simulator (the unit-level port is in test/statetransfer/fabric-ports.test.ts). Setup as in
 * test/peer/fabric-state-ports.test.ts (Fabric's pseudo-peer config; boot0 a static leader the
 * ordering service gives its blocks to; block 0 plays the genesis block, so Fabric's heights 1 and
 * 6 are 0 and 6 blocks here). How the mechanism differs:
 * - Fabric's `blockPullPolicy` refuses state messages of any identity outside a list, all peers
 *   being of one org; here the Readers policy of a channel is its org list
 *   ([PEER-FUNC-STATE-TRANSFER-ADMISSION.1]), so the 4 authorized peers are of Org1, the channel's
 *   org, and the 6 others of Org2, which joined under a config listing Org1 and Org2 (anchor boot0)
 *   while the channel as the boot peers and authorized peers have it lists Org1 only.
 * - In Fabric only the state provider applies the policy: the gossip layer (noop acceptor) puts all
 *   14 others in every PeersOfChannel, so the unauthorized peers hear boot0's height and ask it.
 *   Here one policy guards StateInfo too, so an unauthorized peer never hears boot0's StateInfo;
 *   the test hands each one boot0's genuine signed StateInfo (height 6), as Fabric's discovery
 *   does, so that they ask boot0, and checks that boot0 refuses them. Discovery is therefore
 *   asserted as each peer's channel view here: the 8 other Org1 peers for an authorized one; its 5
 *   Org2 mates and boot0 for an unauthorized one.
 * - Fabric's current test builds its authorized endpoints from listeners no peer uses, so none of
 *   its peers is authorized; the port keeps the test's stated intent (4 authorized peers reach
 *   height 6), as the unit-level port does.
 */
import { cachedOf, ledgerHeightOf } from '../../src/channel';
import { advanceTo, inject, peerState, traceEvents } from '../../src/sim';
import { CHANNEL, joinAll, joinCommand } from './fixtures';
import { bootAndPeers, bootWithBlocks, channelPeerCount, connectionOf, range, seqs, stateResponsesTo, waitUntil } from './stx-helpers';

const caseOf = (payload: unknown): string => (payload as { payload: { content: { $case: string } } }).payload.content.$case;

describe('state_test.go, whole peers in the simulator', () => {
  it('[PEER-FUNC-STATE-TRANSFER-ADMISSION.1] [STX-FUNC-SERVE-ADMISSION.1] [STX-SAFE-NO-BLOCKS-UNAUTHORIZED.1] TestAccessControl: 5 boot + 10 peers, boot0 at height 6; the 4 authorized peers reach height 6, the 6 others never rise above 1', () => {
    const bootstrapSetSize = 5;
    const standardPeerSetSize = 10;
    const authorizedPeersSize = 4;
    const msgCount = 5;
    const defs = bootAndPeers(bootstrapSetSize, standardPeerSetSize, (i) => (i < authorizedPeersSize ? 'Org1MSP' : 'Org2MSP'));
    const names = defs.map((d) => d.name);
    const boots = names.slice(0, bootstrapSetSize);
    const peers = names.slice(bootstrapSetSize);
    const authorized = peers.slice(0, authorizedPeersSize);
    const unauthorized = peers.slice(authorizedPeersSize);
    let w = bootWithBlocks(defs, 35, msgCount + 1);
    w = joinAll(w, joinCommand(['Org1MSP']), [...boots.slice(1), ...authorized]);
    w = joinAll(w, joinCommand(['Org1MSP', 'Org2MSP'], 0, { Org1MSP: 'boot0:7051', Org2MSP: `${unauthorized[0]}:7051` }), unauthorized);

    const org1Count = bootstrapSetSize + authorizedPeersSize;
    w = waitUntil(w, (x) => authorized.every((p) => channelPeerCount(x, p) === org1Count - 1) && unauthorized.every((p) => channelPeerCount(x, p) === unauthorized.length - 1), 30_000);
    for (const p of authorized) expect(channelPeerCount(w, p)).toBe(org1Count - 1);
    for (const p of unauthorized) expect(channelPeerCount(w, p)).toBe(unauthorized.length - 1);

    const boot0 = peerState(w, 'boot0').self.pkiId;
    const boot0StateInfo = peerState(w, 'boot1').channels[CHANNEL]!.gossipChannel;
    expect(ledgerHeightOf(boot0StateInfo, boot0)).toBe(msgCount + 1);
    for (const p of unauthorized) w = inject(w, p, cachedOf(boot0StateInfo.context.cache, boot0)!.envelope, connectionOf(w, 'boot0'));
    for (const p of unauthorized) expect(channelPeerCount(w, p)).toBe(unauthorized.length);

    // Fabric polls for 60s until the authorized peers are at height 6, failing at once if another rose above 1.
    const askedBoot0 = (x: typeof w, p: string) => traceEvents(x).some((e) => e.k === 'send' && e.from === p && e.to === 'boot0' && caseOf(e.payload) === 'stateRequest');
    const refusedByBoot0 = (x: typeof w): number => peerState(x, 'boot0').rejected['stateTransfer.unauthorized'] ?? 0;
    const done = (x: typeof w) => authorized.every((p) => seqs(x, p).length === msgCount + 1) && unauthorized.every((p) => askedBoot0(x, p)) && refusedByBoot0(x) >= unauthorized.length;
    const limit = w.nowMs + 60_000;
    while (w.nowMs < limit && !done(w)) {
      w = advanceTo(w, w.nowMs + 500);
      for (const p of unauthorized) expect(seqs(w, p)).toEqual([]);
    }
    // One more responseTimeout (3s): an answer to the last requests would have arrived by then.
    w = advanceTo(w, w.nowMs + 3_000);
    for (const p of authorized) expect(seqs(w, p)).toEqual(range(msgCount + 1));
    // Every unauthorized peer did ask boot0, which refused each request and answered none.
    for (const p of unauthorized) expect(askedBoot0(w, p)).toBe(true);
    expect(refusedByBoot0(w)).toBeGreaterThanOrEqual(unauthorized.length);
    for (const p of unauthorized) expect(stateResponsesTo(w, p)).toEqual({ responses: 0, blocks: 0 });
    for (const p of unauthorized) expect(seqs(w, p)).toEqual([]);
  });
});
