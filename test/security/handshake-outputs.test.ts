/**
 * One handshake stepped by hand, every output of a step and the end state compared whole: who was
 * authenticated and from which dialed PKI-ID it switched (the key is absent, not undefined, when
 * there was no switch), a probe answered by an acceptor, the final states, the accessors, and the
 * crypto verdict's org comparison. The rule tests check one field of an outcome at a time; these
 * pin the rest of what a host reads.
 */
import { latin1Text, signedBytesOf, type Envelope } from '../../src/messages';
import {
  createHandshakeReducer,
  cryptoVerdict,
  DEFAULT_HANDSHAKE_PARAMS,
  handshakeRefusal,
  handshakeRemote,
  isHandshakeOver,
  type AuthenticatedOutput,
  type HandshakeStart,
} from '../../src/security';
import { connFieldsOf, createWorld, Side, signedConn, SUITE_KINDS } from './handshake-fixture';

for (const kind of SUITE_KINDS) {
  describe(`handshake outputs, ${kind} suite`, () => {
    const w = createWorld(kind);
    const me = w.key('A', 'me');
    const them = w.key('A', 'them');
    const dialed = w.key('A', 'dialed');
    const foreign = w.key('B', 'foreign');
    const THEM = w.crypto.pkiIdOf(them.identity);
    const DIALED = w.crypto.pkiIdOf(dialed.identity);
    const fromThem = signedConn(w, them, connFieldsOf(w, them));
    const probeFromThem = signedConn(w, them, connFieldsOf(w, them, '', true));
    const authOf = (env: Envelope) => {
      const signed = signedBytesOf(w.crypto, env);
      if (signed === undefined) throw new Error('no signed bytes');
      return { signedData: latin1Text(signed), signature: env.signature };
    };
    /** What the remote's ConnEstablish authenticated, for a host that must register it (or not). */
    const authenticatedAs = (env: Envelope, register: boolean, switchedFrom?: string): AuthenticatedOutput => ({
      kind: 'authenticated',
      pkiId: THEM,
      identity: them.identity,
      ...(switchedFrom === undefined ? {} : { identitySwitchFrom: switchedFrom }),
      auth: authOf(env),
      register,
    });
    /** The outputs of the step that delivered the remote's message (after our own ConnEstablish). */
    const lastStep = (side: Side) => side.outputs().filter((o) => o.kind !== 'sendConnEstablish');

    it('[SEC-FUNC-HANDSHAKE-START.1] a new handshake is idle, plays no probe, knows nobody and is not over', () => {
      const side = new Side(w, me);
      expect(side.state.value).toBe('idle');
      expect(side.state.context).toStrictEqual({ params: DEFAULT_HANDSHAKE_PARAMS, ownProbe: false });
      expect(side.outputs()).toEqual([]);
      expect(isHandshakeOver(side.state)).toBe(false);
      expect(handshakeRemote(side.state)).toBeUndefined();
    });

    it('[SEC-MSG-CONN-ESTABLISH.1] a reducer signs each variant of its ConnEstablish once: every connection of that variant sends the same envelope, equal to one signed afresh', () => {
      const reducer = createHandshakeReducer({ crypto: w.crypto, key: me });
      const sentOn = (start: HandshakeStart, params = DEFAULT_HANDSHAKE_PARAMS) => {
        const [s0] = reducer.init(params);
        const sent = reducer.step(s0, start)[1].find((o) => o.kind === 'sendConnEstablish');
        if (sent?.kind !== 'sendConnEstablish') throw new Error('START sent nothing');
        return sent.envelope;
      };
      const first = sentOn({ type: 'START', role: 'acceptor' });
      expect(first).toEqual(signedConn(w, me, connFieldsOf(w, me)));
      expect(sentOn({ type: 'START', role: 'acceptor' })).toBe(first);
      // A dialer that is not probing sends the acceptor's variant: no probe, no TLS hash.
      expect(sentOn({ type: 'START', role: 'dialer', probe: false, expectedPkiId: THEM })).toBe(first);
      const probe = sentOn({ type: 'START', role: 'dialer', probe: true });
      expect(probe).toEqual(signedConn(w, me, connFieldsOf(w, me, '', true)));
      expect(sentOn({ type: 'START', role: 'dialer', probe: true })).toBe(probe);
      // With TLS on, the hash of our certificate makes a variant of its own.
      const tls = { ...DEFAULT_HANDSHAKE_PARAMS, tlsEnabled: true };
      const withHash = sentOn({ type: 'START', role: 'acceptor', tlsCertHashOwn: 'h1', tlsCertHashSeen: 'h2' }, tls);
      expect(withHash).toEqual(signedConn(w, me, connFieldsOf(w, me, 'h1')));
      expect(sentOn({ type: 'START', role: 'acceptor', tlsCertHashOwn: 'h3', tlsCertHashSeen: 'h2' }, tls)).toEqual(signedConn(w, me, connFieldsOf(w, me, 'h3')));
      expect(sentOn({ type: 'START', role: 'acceptor', tlsCertHashOwn: 'h1', tlsCertHashSeen: 'h2' }, tls)).toBe(withHash);
    });

    it('[SEC-FUNC-AUTHENTICATED.1] [SEC-FUNC-IDENTITY-SWITCH.1] an acceptor, and a dialer reaching whom it dialed, authenticate without a switch', () => {
      const acceptor = new Side(w, me).start({ role: 'acceptor' }).receive(fromThem);
      expect(lastStep(acceptor)).toStrictEqual([authenticatedAs(fromThem, true)]);
      const dialer = new Side(w, me).start({ role: 'dialer', probe: false, expectedPkiId: THEM, expectedIdentity: them.identity }).receive(fromThem);
      expect(lastStep(dialer)).toStrictEqual([authenticatedAs(fromThem, true)]);
      const bootstrap = new Side(w, me).start({ role: 'dialer', probe: false }).receive(fromThem);
      expect(lastStep(bootstrap)).toStrictEqual([authenticatedAs(fromThem, true)]);
      for (const side of [acceptor, dialer, bootstrap]) {
        expect(side.state.value).toBe('authenticated');
        expect(isHandshakeOver(side.state)).toBe(false);
        expect(handshakeRemote(side.state)).toStrictEqual({ pkiId: THEM, identity: them.identity, auth: authOf(fromThem) });
      }
    });

    it('[SEC-FUNC-IDENTITY-SWITCH.1] a peer of the dialed org answering under another PKI-ID is authenticated as a switch from the dialed one', () => {
      const dialer = new Side(w, me).start({ role: 'dialer', probe: false, expectedPkiId: DIALED, expectedIdentity: dialed.identity }).receive(fromThem);
      expect(lastStep(dialer)).toStrictEqual([authenticatedAs(fromThem, true, DIALED)]);
      expect(handshakeRemote(dialer.state)?.identitySwitchFrom).toBe(DIALED);
    });

    it('[SEC-FUNC-IDENTITY-SWITCH.1] another org answering, or an unknown dialed identity, is an authentication failure', () => {
      const foreignDialed = new Side(w, me).start({ role: 'dialer', probe: false, expectedPkiId: w.crypto.pkiIdOf(foreign.identity), expectedIdentity: foreign.identity });
      expect(lastStep(foreignDialed.receive(fromThem))).toEqual([{ kind: 'refused', reason: 'authentication failure' }, { kind: 'closed' }]);
      const unknownIdentity = new Side(w, me).start({ role: 'dialer', probe: false, expectedPkiId: DIALED });
      expect(lastStep(unknownIdentity.receive(fromThem))).toEqual([{ kind: 'refused', reason: 'authentication failure' }, { kind: 'closed' }]);
      expect(handshakeRefusal(unknownIdentity.state)).toBe('authentication failure');
      expect(isHandshakeOver(unknownIdentity.state)).toBe(true);
    });

    it('[SEC-FUNC-PROBED.1] an acceptor answers a probe: authenticated without registering, closed, over', () => {
      const acceptor = new Side(w, me).start({ role: 'acceptor' }).receive(probeFromThem);
      expect(lastStep(acceptor)).toStrictEqual([authenticatedAs(probeFromThem, false), { kind: 'closed' }]);
      expect(acceptor.state.value).toBe('probed');
      expect(acceptor.state.status).toBe('done');
      expect(isHandshakeOver(acceptor.state)).toBe(true);
      expect(handshakeRemote(acceptor.state)?.pkiId).toBe(THEM);
    });

    it('[SEC-SAFE-ONE-OUTCOME.1] [SEC-FUNC-CLOSE.1] refused and closed are final: over, and deaf to a later message', () => {
      const refused = new Side(w, me).start({ role: 'acceptor' }).send({ type: 'MALFORMED_RECEIVED', error: 'bad bytes' });
      const closed = new Side(w, me).start({ role: 'acceptor' }).send({ type: 'CLOSE' });
      for (const [side, value] of [[refused, 'refused'], [closed, 'closed']] as const) {
        expect(side.state.value).toBe(value);
        expect(side.state.status).toBe('done');
        expect(isHandshakeOver(side.state)).toBe(true);
        const before = side.outputs().length;
        side.receive(fromThem);
        expect(side.outputs()).toHaveLength(before);
        expect(handshakeRemote(side.state)).toBeUndefined();
      }
      expect(handshakeRefusal(refused.state)).toBe('malformed message');
      expect(handshakeRefusal(closed.state)).toBeUndefined();
    });

    it('[SEC-MSG-CONN-ESTABLISH.1] with TLS on and no certificate of our own, our tls_cert_hash is empty', () => {
      const side = new Side(w, me, { ...DEFAULT_HANDSHAKE_PARAMS, tlsEnabled: true }).start({ role: 'acceptor', tlsCertHashSeen: 'theirs' });
      expect(side.sent()?.payload.content).toStrictEqual({ $case: 'conn', conn: { pkiId: w.crypto.pkiIdOf(me.identity), identity: me.identity, tlsCertHash: '', probe: false } });
    });

    it('[SEC-FUNC-IDENTITY-SWITCH.1] the verdict never finds two unknown orgs the same', () => {
      const stranger = w.untrustedKey('stranger');
      const fromStranger = signedConn(w, stranger, connFieldsOf(w, stranger));
      // Neither the untrusted identity nor a garbage expected identity has an org: no match.
      expect(cryptoVerdict(w.crypto, fromStranger, 'not an identity')).toMatchObject({ identityValid: false, sameOrgAsExpected: false });
      expect(cryptoVerdict(w.crypto, fromThem, 'not an identity')).toMatchObject({ identityValid: true, sameOrgAsExpected: false });
      expect(cryptoVerdict(w.crypto, fromThem, undefined)).toMatchObject({ identityValid: true, sameOrgAsExpected: false });
      expect(cryptoVerdict(w.crypto, fromThem, dialed.identity)).toMatchObject({ identityValid: true, sameOrgAsExpected: true });
      expect(cryptoVerdict(w.crypto, fromThem, foreign.identity)).toMatchObject({ identityValid: true, sameOrgAsExpected: false });
    });
  });
}
