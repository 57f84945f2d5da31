/**
 * Ports of Fabric's gossip/service/eventer_test.go: a channel config update reaches the gossip
 * service's updateAnchors (the receiver) when it is the first or when it changes something, and
 * not when it repeats the applied one.
 *
 * Adaptations of the mechanism (never of the assertions):
 *  - A ConfigUpdate is the peer's JOIN_CHANNEL command (channel, sequence, orgs with their anchor
 *    peers); the ordering service's addresses are not part of it (the simulator's ordering service
 *    is reached by channel), so OrdererAddresses is dropped.
 *  - "The receiver got cu" is what the peer applied: the config it persists for the channel
 *    ([PEER-FUNC-REJOIN-AFTER-RESTART.1], the command itself) and the channel's sequence and orgs;
 *    updateCount is the number of configs applied (persisted) for the channel.
 *  - The peer's org is Fabric's "testID", so that the update is one of its channels.
 *  - TestSecondSameUpdate: Fabric's repeat has only the orgs set; here it names the channel (the
 *    reference has one command for every channel, Fabric one eventer per channel) and carries Go's
 *    zero sequence. The reference drops it because that sequence is below the applied one, Fabric
 *    because its orgs are unchanged: the same outcome.
 */
import { createSymbolicSuite, orgId, type Effect, type HostInput } from '../../src/core';
import { createPeerReducer, type PeerState } from '../../src/peer';
import { configOf } from './fixtures';
import { SoloHost } from './solo-host';

const suite = createSymbolicSuite(13);
const me = suite.enroll('testID', 'peer0');
const reducer = createPeerReducer(suite, (pki) => (pki === suite.pkiIdOf(me.identity) ? me : undefined));

function peer(): SoloHost<PeerState> {
  const [s0, effects] = reducer.init({
    self: { pkiId: suite.pkiIdOf(me.identity), identity: me.identity, org: orgId('testID'), internalEndpoint: 'peer0:7051', externalEndpoint: 'peer0:7051' },
    config: configOf('fabric-1.4', { CORE_PEER_GOSSIP_BOOTSTRAP: '' }),
    startTimeMs: 0,
    seed: 13,
  });
  return new SoloHost(reducer, s0, effects, 0);
}

interface ConfigUpdate {
  readonly type: 'JOIN_CHANNEL';
  readonly channel: string;
  readonly sequence: number;
  readonly orgs: readonly { readonly mspId: string; readonly anchorPeers: readonly { readonly host: string; readonly port: number }[] }[];
}

const cuOf = (sequence: number, anchorPort: number): ConfigUpdate => ({
  type: 'JOIN_CHANNEL',
  channel: 'channel-id',
  sequence,
  orgs: [{ mspId: 'testID', anchorPeers: [{ host: '', port: anchorPort }] }],
});

const processConfigUpdate = (host: SoloHost<PeerState>, cu: ConfigUpdate): readonly Effect[] => host.input({ kind: 'command', nowMs: host.nowMs, command: cu } satisfies HostInput);

/** The mock receiver's view: every config the peer applied for channel-id, in order. */
const received = (host: SoloHost<PeerState>): unknown[] =>
  host.effects.flatMap(({ effect }) => (effect.kind === 'persist' && effect.key === 'channel/channel-id' ? [effect.value] : []));

function expectApplied(host: SoloHost<PeerState>, cu: ConfigUpdate): void {
  const rec = received(host);
  expect(rec[rec.length - 1]).toEqual(cu);
  const ch = host.state.channels[cu.channel];
  expect(ch?.sequence).toBe(cu.sequence);
  expect(ch?.orgs).toEqual(cu.orgs.map((o) => o.mspId));
}

describe('Fabric service/eventer_test.go ports', () => {
  it('[PEER-FUNC-JOIN-CHANNEL.1] TestInitialUpdate: the first config update is passed on as it is', () => {
    const host = peer();
    const cu = cuOf(7, 9);
    processConfigUpdate(host, cu);
    expectApplied(host, cu);
    expect(received(host)).toHaveLength(1);
  });

  it('[PEER-FUNC-JOIN-CHANNEL.1] TestSecondUpdate: a second update with a new sequence and a changed anchor peer is passed on too', () => {
    const host = peer();
    const cu = cuOf(7, 9);
    processConfigUpdate(host, cu);
    expectApplied(host, cu);
    expect(received(host)).toHaveLength(1);
    const cu2 = cuOf(8, 10);
    processConfigUpdate(host, cu2);
    expect(received(host)).toHaveLength(2);
    expectApplied(host, cu2);
  });

  it('[PEER-FUNC-JOIN-CHANNEL.1] TestSecondSameUpdate: the same orgs again (with Go\u2019s zero sequence) are not passed on; the first update stays', () => {
    const host = peer();
    const cu = cuOf(7, 9);
    processConfigUpdate(host, cu);
    expectApplied(host, cu);
    expect(received(host)).toHaveLength(1);
    processConfigUpdate(host, { ...cu, sequence: 0 });
    expectApplied(host, cu);
    expect(received(host)).toHaveLength(1);
  });

  it('[PEER-FUNC-CONFIG-UNCHANGED-IGNORED.1] TestUpdatedSeqOnly: the same orgs and anchor peers with a higher sequence are not passed on; the first update stays', () => {
    const host = peer();
    const cu = cuOf(7, 9);
    processConfigUpdate(host, cu);
    expectApplied(host, cu);
    expect(received(host)).toHaveLength(1);
    const cu2 = { ...cu, sequence: 9 };
    processConfigUpdate(host, cu2);
    expectApplied(host, cu);
    expect(received(host)).toHaveLength(1);
  });

  it('[PEER-FUNC-CONFIG-UNCHANGED-IGNORED.1] differs from Fabric: the same org map with a new revocation is applied (revocations travel in the same command here)', () => {
    const host = peer();
    const cu = cuOf(7, 9);
    processConfigUpdate(host, cu);
    const revoking = { ...cu, sequence: 8, revokedPkiIds: ['testID/peer9'] };
    processConfigUpdate(host, revoking);
    expect(received(host)).toEqual([cu, revoking]);
    expect(host.state.channels['channel-id']?.revokedPkiIds).toEqual(['testID/peer9']);
    // Repeating it changes nothing any more.
    processConfigUpdate(host, { ...revoking, sequence: 9 });
    expect(received(host)).toHaveLength(2);
  });
});
