/**
 * The handshake's invariants (src/security/invariants.ts) on forged states and steps: each check
 * flags what it names, with its message, and passes its legal neighbour. The properties only ever
 * show the checks passing on real steps; here every branch of every check is made to fail once.
 * States come from a real acceptor (awaiting, authenticated, refused, probed, closed); a forged one
 * changes only what the check reads.
 */
import { violations } from '../../src/core/invariants';
import type { Envelope } from '../../src/messages';
import {
  handshakeStateInvariants,
  handshakeStepInvariants,
  type AuthenticatedOutput,
  type HandshakeCommand,
  type HandshakeOutput,
  type HandshakeRefusalReason,
  type HandshakeState,
} from '../../src/security';
import { connFieldsOf, createWorld, Side, signedConn } from './handshake-fixture';

const w = createWorld('symbolic');
const me = w.key('A', 'me');
const them = w.key('A', 'them');
const other = w.key('A', 'other');
const THEM = w.crypto.pkiIdOf(them.identity);
const OTHER = w.crypto.pkiIdOf(other.identity);
const fromThem = signedConn(w, them, connFieldsOf(w, them));

const acceptor = () => new Side(w, me).start({ role: 'acceptor' });
const awaiting = acceptor().state;
const authenticatedSide = acceptor().receive(fromThem);
const authenticated = authenticatedSide.state;
const refused = acceptor().receive(signedConn(w, them, { ...connFieldsOf(w, them), pkiId: '' })).state;
const probed = acceptor().receive(signedConn(w, them, connFieldsOf(w, them, '', true))).state;
const closedAfterAuth = acceptor().receive(fromThem).send({ type: 'CLOSE' }).state;
const [realAuth] = authenticatedSide.authenticated();
if (realAuth === undefined) throw new Error('the fixture acceptor did not authenticate');

const stateOnly = (s: HandshakeState): string[] => violations(handshakeStateInvariants, s);
const forged = (s: HandshakeState, value: string, context: Partial<HandshakeState['context']>): HandshakeState =>
  ({ ...s, value, context: { ...s.context, ...context } }) as HandshakeState;
const refusal = (reason: string) => reason as HandshakeRefusalReason;

describe('[SEC-SAFE-ONE-OUTCOME.1] state invariant', () => {
  it('[SEC-SAFE-ONE-OUTCOME.1] every real state passes: awaiting, authenticated, refused, probed, closed after authentication', () => {
    for (const s of [awaiting, authenticated, refused, probed, closedAfterAuth]) expect(stateOnly(s)).toEqual([]);
    expect([awaiting.value, authenticated.value, refused.value, probed.value, closedAfterAuth.value]).toEqual(['awaitingConnEstablish', 'authenticated', 'refused', 'probed', 'closed']);
  });

  it('[SEC-SAFE-ONE-OUTCOME.1] a remote and a refusal together are flagged', () => {
    expect(stateOnly(forged(authenticated, 'authenticated', { refusal: 'wrong type' }))).toEqual([`SEC-SAFE-ONE-OUTCOME.1: both ${THEM} authenticated and refused (wrong type)`]);
  });

  it('[SEC-SAFE-ONE-OUTCOME.1] a refusal exactly in `refused`: refused without one, or one elsewhere, is flagged', () => {
    expect(stateOnly(forged(refused, 'refused', { refusal: undefined }))).toEqual(['SEC-SAFE-ONE-OUTCOME.1: state refused with refusal undefined']);
    expect(stateOnly(forged(awaiting, 'awaitingConnEstablish', { refusal: 'wrong type' }))).toEqual(['SEC-SAFE-ONE-OUTCOME.1: state awaitingConnEstablish with refusal wrong type']);
  });

  it('[SEC-SAFE-ONE-OUTCOME.1] a refusal outside the typed reasons is flagged', () => {
    expect(stateOnly(forged(refused, 'refused', { refusal: refusal('bored') }))).toEqual(['SEC-SAFE-ONE-OUTCOME.1: untyped refusal bored']);
  });

  it('[SEC-SAFE-ONE-OUTCOME.1] a remote known before the outcome is flagged; after it, in probed or closed, it is legal', () => {
    expect(stateOnly(forged(awaiting, 'awaitingConnEstablish', { remote: authenticated.context.remote }))).toEqual([`SEC-SAFE-ONE-OUTCOME.1: state awaitingConnEstablish knows remote ${THEM}`]);
    expect(stateOnly(forged(authenticated, 'idle', {}))).toEqual([`SEC-SAFE-ONE-OUTCOME.1: state idle knows remote ${THEM}`]);
    expect(stateOnly(forged(authenticated, 'closed', {}))).toEqual([]);
    expect(stateOnly(forged(authenticated, 'probed', {}))).toEqual([]);
  });
});

describe('step invariants', () => {
  const checks = handshakeStepInvariants(w.crypto);
  const received = (envelope: Envelope): HandshakeCommand => ({ type: 'CONN_ESTABLISH_RECEIVED', envelope });
  const stepOnly = (outputs: readonly HandshakeOutput[], event: HandshakeCommand = received(fromThem), before: HandshakeState = awaiting, after: HandshakeState = authenticated) =>
    violations(checks, { before, event, outputs, after });
  const auth = (over: Partial<AuthenticatedOutput>): AuthenticatedOutput => ({ ...realAuth, ...over });
  const refusedOut = (reason: string): HandshakeOutput => ({ kind: 'refused', reason: refusal(reason) });

  describe('[SEC-SAFE-AUTHENTICATED-SIGNER.1] an authenticated PKI-ID is the signer of the ConnEstablish naming it', () => {
    it('[SEC-SAFE-AUTHENTICATED-SIGNER.1] the real step passes', () => {
      expect(stepOnly([realAuth, { kind: 'closed' }])).toEqual([]);
    });

    it('[SEC-SAFE-AUTHENTICATED-SIGNER.1] authenticated on another event, or on a message that is not a ConnEstablish, is flagged', () => {
      expect(stepOnly([realAuth], { type: 'CLOSE' })).toEqual([`SEC-SAFE-AUTHENTICATED-SIGNER.1: ${THEM} authenticated on CLOSE`]);
      const notConn = signedConn(w, them, connFieldsOf(w, them), { $case: 'empty', empty: {} });
      expect(notConn.payload.content.$case).not.toBe('conn');
      expect(stepOnly([realAuth], received(notConn))).toEqual([`SEC-SAFE-AUTHENTICATED-SIGNER.1: ${THEM} authenticated on CONN_ESTABLISH_RECEIVED`]);
    });

    it('[SEC-SAFE-AUTHENTICATED-SIGNER.1] a PKI-ID or an identity other than the message named is flagged, each on its own', () => {
      expect(stepOnly([auth({ pkiId: OTHER })])).toEqual([`SEC-SAFE-AUTHENTICATED-SIGNER.1: authenticated ${OTHER}, but the message named ${THEM}`]);
      expect(stepOnly([auth({ identity: other.identity })])).toEqual([`SEC-SAFE-AUTHENTICATED-SIGNER.1: authenticated ${THEM}, but the message named ${THEM}`]);
    });

    it('[SEC-SAFE-AUTHENTICATED-SIGNER.1] an untrusted identity, or a PKI-ID it does not hash to, is flagged even when the message agrees', () => {
      const stranger = w.untrustedKey('stranger');
      const STRANGER = w.crypto.pkiIdOf(stranger.identity);
      const fromStranger = signedConn(w, stranger, connFieldsOf(w, stranger));
      expect(stepOnly([auth({ pkiId: STRANGER, identity: stranger.identity })], received(fromStranger))).toEqual([
        `SEC-SAFE-AUTHENTICATED-SIGNER.1: ${STRANGER} is not the PKI-ID of a valid identity`,
      ]);
      // Their own valid identity and signature, under a PKI-ID it does not hash to.
      const misnamed = signedConn(w, them, { ...connFieldsOf(w, them), pkiId: OTHER });
      expect(stepOnly([auth({ pkiId: OTHER })], received(misnamed))).toEqual([`SEC-SAFE-AUTHENTICATED-SIGNER.1: ${OTHER} is not the PKI-ID of a valid identity`]);
    });

    it('[SEC-SAFE-AUTHENTICATED-SIGNER.1] a valid identity whose key did not sign the envelope is flagged', () => {
      const forgedSig = signedConn(w, { identity: them.identity, secret: other.secret }, connFieldsOf(w, them));
      expect(stepOnly([realAuth], received(forgedSig))).toEqual([`SEC-SAFE-AUTHENTICATED-SIGNER.1: ${THEM} authenticated without its signature`]);
    });
  });

  describe('[SEC-SAFE-ONE-OUTCOME.1] one verdict per handshake', () => {
    it('[SEC-SAFE-ONE-OUTCOME.1] one verdict from an undecided state passes, a typed refusal included', () => {
      expect(stepOnly([realAuth])).toEqual([]);
      expect(stepOnly([refusedOut('no PKI-ID'), { kind: 'closed' }], received(fromThem), awaiting, refused)).toEqual([]);
    });

    it('[SEC-SAFE-ONE-OUTCOME.1] two verdicts in one step are flagged, authentications and refusals alike', () => {
      expect(stepOnly([realAuth, realAuth])).toEqual(['SEC-SAFE-ONE-OUTCOME.1: 2 verdicts in a step']);
      expect(stepOnly([refusedOut('probe'), refusedOut('probe')], received(fromThem), awaiting, refused)).toEqual(['SEC-SAFE-ONE-OUTCOME.1: 2 verdicts in a step']);
    });

    it('[SEC-SAFE-ONE-OUTCOME.1] any verdict after the outcome is flagged: after a remote, after a refusal, after the end', () => {
      const after = ['SEC-SAFE-ONE-OUTCOME.1: 1 verdicts in a step after the outcome'];
      expect(stepOnly([realAuth], received(fromThem), authenticated)).toEqual(after);
      expect(stepOnly([refusedOut('probe')], received(fromThem), refused, refused)).toEqual(after);
      const closedBeforeStart = new Side(w, me).send({ type: 'CLOSE' }).state;
      expect(closedBeforeStart.status).toBe('done');
      expect(closedBeforeStart.context.remote).toBeUndefined();
      expect(stepOnly([refusedOut('probe')], { type: 'CLOSE' }, closedBeforeStart, refused)).toEqual(after);
    });

    it('[SEC-SAFE-ONE-OUTCOME.1] a refusal without a typed reason is flagged', () => {
      expect(stepOnly([refusedOut('bored')], received(fromThem), awaiting, refused)).toEqual(['SEC-SAFE-ONE-OUTCOME.1: a refusal without a typed reason']);
    });
  });
});
