/**
 * A dial that names the PKI-ID it expects, through the simulator's transport
 * ([SIM-FUNC-DIAL-EXPECTED-PKI-ID.1]): both ends run the comm handshake chart as Fabric's
 * createConnection(endpoint, expectedPKIID).
 *
 * Port of gossip/comm/comm_test.go TestConnectUnexpectedPeer. Fabric's scenario: comm1 (org O)
 * sends to the endpoint of comm2 (org A) and then of comm3 (org B), both times naming comm4's
 * PKI-ID (org A); the message reaches comm2 (same org as comm4: an identity switch) and never
 * comm3 (another org: "authentication failure"). How the mechanism differs:
 *  - Fabric's `Send(msg, RemotePeer{Endpoint, PKIID})` dials on demand; the simulator resolves a
 *    send by PKI-ID, so the dial is the `handshake` effect with `expectedPkiId` (what membership's
 *    reconnect probe emits). "The message is received" is "the dial authenticates the remote and
 *    the connection would open"; "not received" is "the dialer refuses it".
 *  - "comm4 sends comm1 a message so comm1 knows comm4's identity": the transport takes the
 *    identity the directory holds for the expected PKI-ID (what an honest store holds).
 */
import { createSymbolicSuite } from '../../src/core';
import { advanceTo, command, handshakeRefusals, summarize, type World } from '../../src/sim';
import { chartWorld, linesOf } from './handshake-fixture';
import { inputsOf, script, type TestPeerState } from './test-peer';

const NAMES = ['comm1', 'comm2', 'comm3', 'comm4'];
const ORGS = ['O', 'A', 'B', 'A'];
const suite = createSymbolicSuite(1);
const pkiOf = (name: string) => suite.pkiIdOf(suite.enroll(ORGS[NAMES.indexOf(name)]!, name).identity);
const identityOf = (name: string) => suite.enroll(ORGS[NAMES.indexOf(name)]!, name).identity;

const world = () => chartWorld({ names: NAMES, orgOf: (i) => ORGS[i]!, seed: 1 });
const dial = (w: World<TestPeerState>, endpoint: string, expectedPkiId: unknown, attempt = 1) =>
  advanceTo(command(w, 'comm1', script([{ kind: 'handshake', endpoint, attempt, expectedPkiId } as never])), w.nowMs + 10_000);
const answers = (w: World<TestPeerState>) => inputsOf(w, 'comm1', 'handshakeResult').map((i) => ({ endpoint: i.endpoint, result: i.result }));

describe('[SIM-FUNC-DIAL-EXPECTED-PKI-ID.1] comm_test.go TestConnectUnexpectedPeer: comm1 dials comm2 or comm3 expecting comm4', () => {
  it('[SIM-FUNC-DIAL-EXPECTED-PKI-ID.1] [SEC-FUNC-IDENTITY-SWITCH.1] TestConnectUnexpectedPeer: same organization', () => {
    const w = dial(world(), 'comm2:7051', pkiOf('comm4'));
    expect(answers(w)).toEqual([
      { endpoint: 'comm2:7051', result: { ok: true, pkiId: pkiOf('comm2'), identity: identityOf('comm2'), identitySwitchFrom: pkiOf('comm4') } },
    ]);
    expect(handshakeRefusals(w)).toEqual({});
  });

  it('[SIM-FUNC-DIAL-EXPECTED-PKI-ID.1] [SEC-FUNC-IDENTITY-SWITCH.1] [SIM-FUNC-HANDSHAKE-REFUSAL-COUNT.1] TestConnectUnexpectedPeer: unexpected organization', () => {
    const w = dial(world(), 'comm3:7051', pkiOf('comm4'));
    expect(answers(w)).toEqual([{ endpoint: 'comm3:7051', result: { ok: false, reason: 'authentication failure' } }]);
    // Refused by the dialer and counted as Fabric's createConnection's refusal.
    expect(handshakeRefusals(w)).toEqual({ 'authentication failure': 1 });
    expect(summarize(w).handshakeRefusals).toEqual({ 'authentication failure': 1 });
    expect(linesOf(w, 'handshakeRefused').map(({ peer, remote, side, purpose, reason }) => ({ peer, remote, side, purpose, reason }))).toEqual([
      { peer: 'comm1', remote: 'comm3', side: 'dialer', purpose: 'dial', reason: 'authentication failure' },
    ]);
  });
});

describe('[SIM-FUNC-DIAL-EXPECTED-PKI-ID.1] the other cases of a dial naming a PKI-ID', () => {
  it('[SIM-FUNC-DIAL-EXPECTED-PKI-ID.1] the expected peer answering is authenticated with no switch, at the round trip of a dial naming nobody', () => {
    const named = dial(world(), 'comm4:7051', pkiOf('comm4'));
    const anonymous = dial(world(), 'comm4:7051', undefined);
    expect(answers(named)).toEqual([{ endpoint: 'comm4:7051', result: { ok: true, pkiId: pkiOf('comm4'), identity: identityOf('comm4') } }]);
    expect(answers(anonymous)).toEqual(answers(named));
    expect(inputsOf(named, 'comm1', 'handshakeResult')[0]?.nowMs).toBe(inputsOf(anonymous, 'comm1', 'handshakeResult')[0]?.nowMs);
    // A dial naming nobody is the deep probe: any answer is taken, no switch is reported.
    const probe = dial(world(), 'comm3:7051', undefined);
    expect(answers(probe)).toEqual([{ endpoint: 'comm3:7051', result: { ok: true, pkiId: pkiOf('comm3'), identity: identityOf('comm3') } }]);
  });

  it('[SIM-FUNC-DIAL-EXPECTED-PKI-ID.1] a PKI-ID the world does not know has no identity, so no org matches: refused, whoever answers', () => {
    const w = dial(world(), 'comm2:7051', 'A/ghost');
    expect(answers(w)).toEqual([{ endpoint: 'comm2:7051', result: { ok: false, reason: 'authentication failure' } }]);
  });

  it('[SIM-FUNC-DIAL-EXPECTED-PKI-ID.1] [SIM-FUNC-HANDSHAKE.2] without a transport the directory answers and the expected PKI-ID is ignored', () => {
    const w0 = world();
    const w = dial({ ...w0, transport: undefined }, 'comm3:7051', pkiOf('comm4'));
    expect(answers(w)).toEqual([{ endpoint: 'comm3:7051', result: { ok: true, pkiId: pkiOf('comm3'), identity: identityOf('comm3') } }]);
  });

  it('[SIM-FUNC-DIAL-EXPECTED-PKI-ID.1] [SIM-FUNC-REDUCER-FAILURE.1] an expectedPkiId that is not a non-empty string halts the world as an invalid effect', () => {
    for (const bad of [42, '']) {
      const w = dial(world(), 'comm2:7051', bad);
      expect(w.failure?.kind).toBe('invalidEffect');
      expect(w.failure?.message).toMatch(/expectedPkiId/);
    }
  });
});
