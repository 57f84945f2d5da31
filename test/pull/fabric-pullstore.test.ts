/**
 * Ports of Fabric's gossip/gossip/pull/pullstore_test.go: the pull mediator over the engine, with
 * Fabric's config (pull every 500ms from 3 peers; digest 100ms, request 200ms, response 300ms) and
 * its 20s waits as virtual time.
 *
 * Adaptations of the mechanism (never of the assertions):
 *  - The mediator is the host's part in the reference (spec/pull.md): test/pull/mediator.ts plays
 *    it (items kept beside the engine, filters, items attached to updates, MsgCons), so the pull
 *    engine (src/pull) decides every round. Fabric's pullInstance membership (the other instances
 *    in the same map) is PEERS_UPDATED with those instances.
 *  - Message hooks are the messages an instance handled, recorded by type with their ids (digests:
 *    after the ingress filter) and items.
 *  - TestDigestsFilters: Fabric's createDigestsFilter(2) (keep seqs >= 2) is the reference's own
 *    block-digest ingress filter ([DIS-FUNC-PULL-INGRESS-FILTER.1], dissemination's
 *    wantedByIngressFilter) at a ledger height of 2, behind the decimal check the composed peer
 *    applies first (src/peer/admission/pull.ts).
 *  - TestAddAndRemove waits for each of the four hooks to fire at least once (Fabric's WaitGroup
 *    counts four calls of any of them): the exchange the test's comment describes, in full.
 */
import { channelId, createSymbolicSuite } from '../../src/core';
import { createDisseminationReducer, DEFAULT_DISSEMINATION_PARAMS, wantedByIngressFilter } from '../../src/dissemination';
import { isPullStopped } from '../../src/pull';
import { MediatorNet, type EgressFilter, type IngressFilter, type PullMsgKind } from './mediator';

const TIMEOUT_MS = 20_000;
const ALL_KINDS: readonly PullMsgKind[] = ['hello', 'digest', 'request', 'response'];

/** The block puller's ingress filter of a channel whose ledger height is `height`. */
function ledgerHeightFilter(height: number): IngressFilter {
  const dissemination = createDisseminationReducer({ crypto: createSymbolicSuite(1), trustedOrderers: [] });
  const [state] = dissemination.init({ channel: channelId('A'), ledgerHeight: height, params: DEFAULT_DISSEMINATION_PARAMS });
  return (ids) => ids.filter((id) => /^(0|[1-9][0-9]*)$/.test(id) && wantedByIngressFilter(state, Number(id)));
}

/** Two instances that know each other (one peer2PullInst map), both started. */
function pair(egress1?: EgressFilter): MediatorNet {
  const net = new MediatorNet();
  net.start('localhost:5611', 11, egress1 === undefined ? {} : { egress: egress1 });
  net.start('localhost:5612', 12);
  net.setPeers('localhost:5611', ['localhost:5612']);
  net.setPeers('localhost:5612', ['localhost:5611']);
  return net;
}

const [INST1, INST2] = ['localhost:5611', 'localhost:5612'] as const;

describe('Fabric pull/pullstore_test.go ports', () => {
  it('[PUL-FUNC-STOP.1] TestCreateAndStop: a started instance stops, leaving no timer armed', () => {
    const net = new MediatorNet();
    net.start('localhost:2000', 1);
    expect(net.armedTimers('localhost:2000').length).toBeGreaterThan(0);
    net.stop('localhost:2000');
    expect(isPullStopped(net.state('localhost:2000'))).toBe(true);
    expect(net.armedTimers('localhost:2000')).toEqual([]);
  });

  it('[PUL-FUNC-HELLO.1] [PUL-FUNC-RESPOND-REQUEST.1] [PUL-FUNC-UPDATE.1] TestRegisterMsgHook: with one item each, instance 1 handles all four message types', () => {
    const net = pair();
    net.add(INST1, 1);
    net.add(INST2, 2);
    const seen = () => new Set(net.hooked(INST1).map((h) => h.kind));
    expect(net.runUntil(() => seen().size === 4, TIMEOUT_MS)).toBe(true);
    expect([...seen()].sort()).toEqual([...ALL_KINDS].sort());
  });

  it('[PUL-ASM-INPUTS.1] [PUL-SAFE-REQUEST-ONLY-TO-DIGESTERS.1] pullstore_test.go TestFilter: instance 1 offers only even items in digests, so instance 2 gets 0 and 2 but never 1 or 3', () => {
    // Fabric's df: answering a request, offer what it names; answering a hello, only even seqs.
    const df: EgressFilter = (context) => (context.kind === 'request' ? (item) => context.ids.includes(item) : (item) => Number(item) % 2 === 0);
    const net = pair(df);
    for (const seq of [0, 1, 2, 3]) net.add(INST1, seq);
    expect(net.runUntil(() => net.consumed(INST2).includes(0), TIMEOUT_MS)).toBe(true);
    expect(net.runUntil(() => net.consumed(INST2).includes(2), TIMEOUT_MS)).toBe(true);
    // A few more rounds than Fabric waits: the odd items still never come.
    net.runFor(2_000);
    expect(net.consumed(INST2)).not.toContain(1);
    expect(net.consumed(INST2)).not.toContain(3);
  });

  it('[PUL-FUNC-ITEMS.1] [PUL-LIVE-UNION.1] TestAddAndRemove: 3 items added 500ms apart all reach instance 2; after both remove 0 and instance 1 adds 10, a full round brings 10 and never 0', () => {
    const net = pair();
    const msgCount = 3;
    for (let i = 0; i < msgCount; i++) {
      net.runFor(500);
      net.add(INST1, i);
    }
    expect(net.runUntil(() => net.consumed(INST2).length === msgCount, TIMEOUT_MS)).toBe(true);

    net.remove(INST2, '0');
    net.remove(INST1, '0');
    net.forgetConsumed(INST2, 0);
    net.add(INST1, 10);
    // The four hooks of the test: hello at 1, digest at 2, request at 1, response at 2 (counted from now).
    const marks = { hello: net.hooked(INST1, 'hello').length, digest: net.hooked(INST2, 'digest').length, request: net.hooked(INST1, 'request').length, response: net.hooked(INST2, 'response').length };
    const fired = () =>
      net.hooked(INST1, 'hello').length > marks.hello &&
      net.hooked(INST2, 'digest').length > marks.digest &&
      net.hooked(INST1, 'request').length > marks.request &&
      net.hooked(INST2, 'response').length > marks.response;
    expect(net.runUntil(fired, TIMEOUT_MS)).toBe(true);
    expect(net.consumed(INST2)).toContain(10);
    expect(net.consumed(INST2)).not.toContain(0);
  });

  it('[DIS-FUNC-PULL-INGRESS-FILTER.1] [PUL-ASM-INPUTS.1] TestDigestsFilters: instance 1 behind a ledger-height-2 ingress filter sees only 2 and 3 of the digest 0..3', () => {
    const net = new MediatorNet();
    // Separate maps in Fabric: the two do not know each other; only the hand-made hello flows.
    net.start(INST1, 11, { ingress: ledgerHeightFilter(2) });
    net.start(INST2, 12);
    for (const seq of [0, 1, 2, 3]) net.add(INST2, seq);
    net.handle({ kind: 'hello', from: INST1, to: INST2, nonce: 0n, ids: [] });
    expect(net.runUntil(() => net.hooked(INST1, 'digest').length > 0, TIMEOUT_MS)).toBe(true);
    const [first] = net.hooked(INST1, 'digest');
    for (const id of first?.ids ?? []) expect(Number(id)).toBeGreaterThanOrEqual(2);
    expect(first?.ids).toHaveLength(2);
  });

  it('[PUL-FUNC-HELLO.1] [PUL-FUNC-RESPOND-REQUEST.1] TestHandleMessage: a hello to an instance holding 0..2 brings a digest of 3; a request for 0, 1, 2 with that nonce brings all 3, which are consumed', () => {
    const net = new MediatorNet();
    net.start(INST1, 11);
    net.start(INST2, 12);
    for (const seq of [0, 1, 2]) net.add(INST2, seq);
    net.handle({ kind: 'hello', from: INST1, to: INST2, nonce: 0n, ids: [] });
    expect(net.runUntil(() => net.hooked(INST1, 'digest').length > 0, TIMEOUT_MS)).toBe(true);
    expect(net.hooked(INST1, 'digest')[0]?.ids).toHaveLength(3);
    net.handle({ kind: 'request', from: INST1, to: INST2, nonce: 0n, ids: ['0', '1', '2'] });
    expect(net.runUntil(() => net.hooked(INST1, 'response').length > 0, TIMEOUT_MS)).toBe(true);
    expect(net.hooked(INST1, 'response')[0]?.items).toHaveLength(3);
    for (const seq of [0, 1, 2]) expect(net.consumed(INST1)).toContain(seq);
  });
});
