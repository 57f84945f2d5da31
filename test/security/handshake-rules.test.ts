/** One test (or a few) per rule of spec/security-handshake.md, with both crypto suites. */
import { verifyEnvelope } from '../../src/messages';
import { CONN_TIMEOUT_EVENT, DEFAULT_HANDSHAKE_PARAMS, HandshakeCommand, handshakeStateInvariants, handshakeViolations } from '../../src/security';
import { connFieldsOf, createWorld, exchange, Side, signedConn, SUITE_KINDS } from './handshake-fixture';

const TLS = { ...DEFAULT_HANDSHAKE_PARAMS, tlsEnabled: true };

it('[SEC-PARAM-HANDSHAKE.1] defaults are core.yaml: connTimeout 2s, TLS off', () => {
  expect(DEFAULT_HANDSHAKE_PARAMS).toEqual({ connTimeoutMs: 2000, tlsEnabled: false });
});

it('[SEC-ASM-TLS-HASH-SEEN.1] START carries the TLS hashes the host saw, and the codec rejects a non-string hash', () => {
  expect(HandshakeCommand.is({ type: 'START', role: 'acceptor', tlsCertHashSeen: 'h1', tlsCertHashOwn: 'h2' })).toBe(true);
  expect(HandshakeCommand.is({ type: 'START', role: 'acceptor', tlsCertHashSeen: 7 })).toBe(false);
  expect(HandshakeCommand.is({ type: 'START', role: 'dialer' })).toBe(false); // a dialer says whether it probes
});

for (const kind of SUITE_KINDS) {
  describe(`handshake rules, ${kind} suite`, () => {
    const w = createWorld(kind);
    const me = w.key('A', 'me');
    const them = w.key('A', 'them');
    const acceptor = (params = DEFAULT_HANDSHAKE_PARAMS) => new Side(w, me, params).start({ role: 'acceptor' });

    it('[SEC-FUNC-HANDSHAKE-START.1] [SEC-MSG-CONN-ESTABLISH.1] START sends our signed ConnEstablish and arms connTimeout', () => {
      const side = new Side(w, me, TLS).start({ role: 'dialer', probe: true, tlsCertHashOwn: 'mine', tlsCertHashSeen: 'theirs' });
      const env = side.sent();
      expect(env?.payload).toEqual({ nonce: 0n, channel: '', tag: 'EMPTY', content: { $case: 'conn', conn: { pkiId: side.pkiId, identity: me.identity, tlsCertHash: 'mine', probe: true } } });
      expect(env !== undefined && verifyEnvelope(w.crypto, me.identity, env)).toBe(true);
      expect(side.driver.armedTimers()).toEqual([CONN_TIMEOUT_EVENT]);
      expect(CONN_TIMEOUT_EVENT).toContain('connTimeout');
    });

    it('[SEC-MSG-CONN-ESTABLISH.1] without TLS our tls_cert_hash is empty, and an acceptor never sets probe', () => {
      const conn = acceptor().sent()?.payload.content;
      expect(conn).toMatchObject({ $case: 'conn', conn: { tlsCertHash: '', probe: false } });
    });

    it('[SEC-FUNC-CHECK-ORDER.1] the first failing check names the reason', () => {
      const noIdNoSig = { ...signedConn(w, them, { ...connFieldsOf(w, them), pkiId: '' }), signature: 'bad' };
      expect(acceptor().receive(noIdNoSig).refusals()).toEqual(['no PKI-ID']);
      const strangerBadTls = signedConn(w, w.untrustedKey('x'), { ...connFieldsOf(w, w.untrustedKey('x')), tlsCertHash: 'wrong' });
      expect(new Side(w, me, TLS).start({ role: 'acceptor', tlsCertHashSeen: 'right' }).receive(strangerBadTls).refusals()).toEqual(['identity invalid']);
    });

    it('[SEC-FUNC-IDENTITY-CHECK.1] an empty identity and an untrusted one are refused', () => {
      expect(acceptor().receive(signedConn(w, them, { ...connFieldsOf(w, them), identity: '' })).refusals()).toEqual(['identity is nil']);
      const stranger = w.untrustedKey('stranger');
      expect(acceptor().receive(signedConn(w, stranger, connFieldsOf(w, stranger))).refusals()).toEqual(['identity invalid']);
    });

    it('[SEC-FUNC-SIGNATURE.1] a ConnEstablish of their identity signed with another key is refused', () => {
      const forged = signedConn(w, { identity: them.identity, secret: w.key('A', 'mallory').secret }, connFieldsOf(w, them));
      expect(acceptor().receive(forged).refusals()).toEqual(['signature invalid']);
    });

    it('[SEC-FUNC-TLS-CERT-HASH.1] with TLS off the hash is not looked at', () => {
      const side = acceptor().receive(signedConn(w, them, connFieldsOf(w, them, 'anything')));
      expect(side.authenticated()).toHaveLength(1);
    });

    it('[SEC-FUNC-MALFORMED.1] an undecodable first message is refused and the timer cancelled', () => {
      const side = acceptor().send({ type: 'MALFORMED_RECEIVED', error: 'Invalid value' });
      expect(side.refusals()).toEqual(['malformed message']);
      expect([side.closed(), side.driver.armedTimers()]).toEqual([true, []]);
    });

    it('[SEC-FUNC-PROBED.1] a dialer that gets a probe back refuses with "probe"', () => {
      const dialer = new Side(w, me).start({ role: 'dialer', probe: false });
      expect(dialer.receive(signedConn(w, them, connFieldsOf(w, them, '', true))).refusals()).toEqual(['probe']);
      expect(dialer.authenticated()).toEqual([]);
    });

    it('[SEC-FUNC-IDENTITY-SWITCH.1] an unknown expected identity never allows a switch', () => {
      const dialer = new Side(w, me).start({ role: 'dialer', probe: false, expectedPkiId: 'someone else' });
      expect(dialer.receive(signedConn(w, them, connFieldsOf(w, them))).refusals()).toEqual(['authentication failure']);
    });

    it('[SEC-FUNC-AUTHENTICATED.1] both sides authenticate each other, register, cancel the timer and stay open', () => {
      const d = new Side(w, me).start({ role: 'dialer', probe: false });
      const a = new Side(w, them).start({ role: 'acceptor' });
      exchange(d, a);
      expect(d.authenticated()).toMatchObject([{ pkiId: a.pkiId, identity: them.identity, register: true }]);
      expect(a.authenticated()).toMatchObject([{ pkiId: d.pkiId, identity: me.identity, register: true }]);
      expect([d.driver.armedTimers(), d.closed(), d.state.value]).toEqual([[], false, 'authenticated']);
    });

    it('[SEC-FUNC-CLOSE.1] CLOSE ends the handshake from idle, waiting and authenticated; nothing follows', () => {
      const idle = new Side(w, me).send({ type: 'CLOSE' });
      expect([idle.state.value, idle.closed(), idle.sent()]).toEqual(['closed', true, undefined]);
      const waiting = acceptor().send({ type: 'CLOSE' }).receive(signedConn(w, them, connFieldsOf(w, them)));
      expect([waiting.authenticated(), waiting.refusals(), waiting.driver.armedTimers()]).toEqual([[], [], []]);
      const done = acceptor().receive(signedConn(w, them, connFieldsOf(w, them))).send({ type: 'CLOSE' });
      expect([done.state.value, done.closed()]).toEqual(['closed', true]);
    });
  });
}

describe('handshake invariants catch what they guard', () => {
  const w = createWorld('symbolic');
  const me = w.key('A', 'me');
  const them = w.key('A', 'them');

  it('[SEC-SAFE-AUTHENTICATED-SIGNER.1] an authenticated output for a message the named key did not sign is a violation', () => {
    const side = new Side(w, me).start({ role: 'acceptor' });
    const forged = signedConn(w, { identity: them.identity, secret: w.key('A', 'mallory').secret }, connFieldsOf(w, them));
    const event = { type: 'CONN_ESTABLISH_RECEIVED' as const, envelope: forged };
    const lie = { kind: 'authenticated' as const, pkiId: side.pkiId, identity: me.identity, auth: { signedData: '', signature: '' }, register: true };
    const record = { before: side.state, event, outputs: [{ ...lie, pkiId: w.crypto.pkiIdOf(them.identity), identity: them.identity }], after: side.state };
    expect(handshakeViolations(w.crypto, record)).toEqual(['SEC-SAFE-AUTHENTICATED-SIGNER.1: ' + `${w.crypto.pkiIdOf(them.identity)} authenticated without its signature`]);
    expect(handshakeViolations(w.crypto, { ...record, outputs: [lie] })[0]).toMatch(/^SEC-SAFE-AUTHENTICATED-SIGNER\.1: authenticated .* but the message named/);
  });

  it('[SEC-SAFE-ONE-OUTCOME.1] a state holding a remote and a refusal, or two verdicts in a step, is a violation', () => {
    const side = new Side(w, me).start({ role: 'acceptor' }).receive(signedConn(w, them, connFieldsOf(w, them)));
    const both = { ...side.state, context: { ...side.state.context, refusal: 'wrong type' as const } };
    expect(handshakeStateInvariants['SEC-SAFE-ONE-OUTCOME.1']?.(both)).toMatch(/both .* authenticated and refused/);
    const twice = { before: side.state, event: { type: 'CLOSE' as const }, outputs: [{ kind: 'refused' as const, reason: 'probe' as const }], after: side.state };
    expect(handshakeViolations(w.crypto, twice)).toEqual(['SEC-SAFE-ONE-OUTCOME.1: 1 verdicts in a step after the outcome']);
  });
});
