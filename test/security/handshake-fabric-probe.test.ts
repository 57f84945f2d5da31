/**
 * Ports of gossip/comm/comm_test.go TestConnectUnexpectedPeer and TestProbe, with both suites. How
 * the mechanism differs (see also handshake-fabric.test.ts):
 *  - Fabric's comm instances dial with mutual TLS (util.CreateGRPCLayer); here each instance has a
 *    client and a server certificate hash, and the host passes the ones seen on the connection.
 *  - "comm1 knows comm4" (comm4 sent it a message): the host passes comm4's stored identity as
 *    `expectedIdentity`. "A message is received" is "the receiver holds a registered connection";
 *    when the dialer refuses, it closes the stream, so the host closes the acceptor's side too.
 *  - TestProbe's `Probe` is a Ping RPC before any handshake (the host's); its `Handshake` calls are
 *    deep probes. A port where nothing listens is a stream that never answers (connTimeout), a
 *    stopped peer one whose stream the host closes.
 */
import { DEFAULT_HANDSHAKE_PARAMS } from '../../src/security';
import { createWorld, exchange, Side, SUITE_KINDS, type World } from './handshake-fixture';

const TLS = { ...DEFAULT_HANDSHAKE_PARAMS, tlsEnabled: true };

for (const kind of SUITE_KINDS) {
  describe(`comm_test.go ports, ${kind} suite`, () => {
    const w: World = createWorld(kind);
    const comm = (org: string, port: number) => ({ key: w.key(org, `127.0.0.1:${port}`), client: w.crypto.hash(`client ${port}`), server: w.crypto.hash(`server ${port}`) });
    type Comm = ReturnType<typeof comm>;

    /** `from` dials `to` (a normal connection, or Fabric's Handshake() when probe); returns both sides after the exchange. */
    function dial(from: Comm, to: Comm, opts: { probe?: boolean; expectedPkiId?: string; expectedIdentity?: string } = {}) {
      const dialer = new Side(w, from.key, TLS).start({ role: 'dialer', probe: opts.probe ?? false, expectedPkiId: opts.expectedPkiId, expectedIdentity: opts.expectedIdentity, tlsCertHashOwn: from.client, tlsCertHashSeen: to.server });
      const acceptor = new Side(w, to.key, TLS).start({ role: 'acceptor', tlsCertHashOwn: to.server, tlsCertHashSeen: from.client });
      exchange(dialer, acceptor);
      if (dialer.closed() && !acceptor.closed()) acceptor.send({ type: 'CLOSE' });
      return { dialer, acceptor };
    }
    /** Fabric's Handshake(): the remote's identity, or an error (undefined). */
    const handshake = (d: Side) => (d.refusals().length === 0 && d.closed() ? d.authenticated()[0]?.identity : undefined);

    describe('TestConnectUnexpectedPeer: comm1 dials comm2 or comm3 expecting comm4', () => {
      const comm1 = comm('O', 7001);
      const comm4 = comm('A', 7004);
      const comm4PkiId = w.crypto.pkiIdOf(comm4.key.identity);

      it('[SEC-FUNC-IDENTITY-SWITCH.1] TestConnectUnexpectedPeer: same organization', () => {
        const comm2 = comm('A', 7002);
        const { dialer, acceptor } = dial(comm1, comm2, { expectedPkiId: comm4PkiId, expectedIdentity: comm4.key.identity });
        expect(acceptor.hasConnection()).toBe(true);
        expect(dialer.hasConnection()).toBe(true);
        expect(dialer.authenticated()).toMatchObject([{ pkiId: w.crypto.pkiIdOf(comm2.key.identity), identitySwitchFrom: comm4PkiId, register: true }]);
      });

      it('[SEC-FUNC-IDENTITY-SWITCH.1] TestConnectUnexpectedPeer: unexpected organization', () => {
        const comm3 = comm('B', 7003);
        const { dialer, acceptor } = dial(comm1, comm3, { expectedPkiId: comm4PkiId, expectedIdentity: comm4.key.identity });
        expect(acceptor.hasConnection()).toBe(false);
        expect(dialer.refusals()).toEqual(['authentication failure']);
        expect(dialer.authenticated()).toEqual([]);
      });
    });

    it('[SEC-FUNC-DEEP-PROBE.1] [SEC-FUNC-PROBED.1] [SEC-FUNC-TIMEOUT.1] [SEC-FUNC-CLOSE.1] TestProbe', () => {
      const comm1 = comm('Org1MSP', 8001);
      let comm2 = comm('Org1MSP', 8002);
      const pkiIdOf = (c: Comm) => w.crypto.pkiIdOf(c.key.identity);

      // Handshake(comm2) succeeds; comm2 was probed, and neither side registers a connection.
      let r = dial(comm1, comm2, { probe: true, expectedPkiId: pkiIdOf(comm2) });
      expect(handshake(r.dialer)).toBe(comm2.key.identity);
      expect(r.acceptor.authenticated()).toMatchObject([{ pkiId: pkiIdOf(comm1), register: false }]);
      expect([r.dialer.hasConnection(), r.acceptor.hasConnection(), r.acceptor.closed()]).toEqual([false, false, true]);

      // Handshake(tempPort): nothing answers there.
      const silent = new Side(w, comm1.key, TLS).start({ role: 'dialer', probe: true, tlsCertHashOwn: comm1.client, tlsCertHashSeen: 'some cert' });
      silent.driver.advanceBy(TLS.connTimeoutMs);
      expect(handshake(silent)).toBeUndefined();
      expect(silent.refusals()).toEqual(['timed out waiting for connection message']);

      // comm2.Stop(): its stream breaks before it answers.
      const stopped = new Side(w, comm1.key, TLS).start({ role: 'dialer', probe: true, tlsCertHashOwn: comm1.client, tlsCertHashSeen: comm2.server });
      stopped.send({ type: 'CLOSE' });
      expect(handshake(stopped)).toBeUndefined();
      expect(stopped.authenticated()).toEqual([]);

      // A new comm2 (a new identity, as a new endpoint gives one) probes comm1, and comm1 probes it.
      comm2 = comm('Org1MSP', 8003);
      expect(handshake(dial(comm2, comm1, { probe: true, expectedPkiId: pkiIdOf(comm1) }).dialer)).toBe(comm1.key.identity);
      expect(handshake(dial(comm1, comm2, { probe: true, expectedPkiId: pkiIdOf(comm2) }).dialer)).toBe(comm2.key.identity);

      // A deep probe expecting a PKI-ID that doesn't match.
      r = dial(comm1, comm2, { probe: true, expectedPkiId: `${pkiIdOf(comm2)}x` });
      expect(handshake(r.dialer)).toBeUndefined();
      expect(r.dialer.refusals()).toEqual(["PKI-ID of remote peer doesn't match expected PKI-ID"]);

      // A deep probe with a nil PKI-ID returns the identity found at the endpoint.
      expect(handshake(dial(comm1, comm2, { probe: true }).dialer)).toBe(comm2.key.identity);
    });
  });
}
