import fc from 'fast-check';
import { createEcdsaSuite, createSymbolicSuite, decodeWith, type CryptoSuite, type SigningKey } from '../../src/core';
import { GossipMessage, noopSign, signMessage, verifyEnvelope, withoutSecret } from '../../src/messages';
import { bytes, envelope, gossipMessage } from '../../src/messages/arbitraries';
import { EXAMPLES, messageOf } from './examples';
import { mutatedMessage } from './mutate';

interface Fixture {
  readonly suite: CryptoSuite;
  /** The signer, another peer of its org, and a peer of another org. */
  readonly alice: SigningKey;
  readonly bob: SigningKey;
  readonly carol: SigningKey;
  /** ECDSA signs in milliseconds, so it gets fewer runs. */
  readonly numRuns: number;
}

function symbolic(): Fixture {
  const suite = createSymbolicSuite(7);
  return { suite, alice: suite.enroll('Org1MSP', 'peer0'), bob: suite.enroll('Org1MSP', 'peer1'), carol: suite.enroll('Org2MSP', 'peer0'), numRuns: 200 };
}

function ecdsa(): Fixture {
  const suite = createEcdsaSuite(['Org1MSP', 'Org2MSP']);
  const key = (msp: string, byte: string) => suite.keyFromPrivateHex(msp, byte.repeat(32));
  return { suite, alice: key('Org1MSP', '11'), bob: key('Org1MSP', '22'), carol: key('Org2MSP', '33'), numRuns: 25 };
}

const FIXTURES: readonly (readonly [string, () => Fixture])[] = [['symbolic', symbolic], ['ecdsa-p256', ecdsa]];
const alive = messageOf(EXAMPLES.aliveMsg);

describe.each(FIXTURES)('envelope signing with the %s suite', (_name, make) => {
  const { suite, alice, bob, carol, numRuns } = make();

  it('[MSG-FUNC-ENVELOPE-VERIFY.1] a signed envelope verifies with the signer\'s identity and with no other', () => {
    fc.assert(fc.property(gossipMessage(), fc.option(bytes(), { nil: undefined }), (msg, internalEndpoint) => {
      const env = signMessage(suite, alice, msg, internalEndpoint);
      expect(verifyEnvelope(suite, alice.identity, env)).toBe(true);
      expect(verifyEnvelope(suite, bob.identity, env)).toBe(false);
      expect(verifyEnvelope(suite, carol.identity, env)).toBe(false);
    }), { numRuns });
  });

  it('[MSG-MSG-ENVELOPE.1] [MSG-FUNC-ENVELOPE-VERIFY.1] changing any one field of the payload breaks verification', () => {
    fc.assert(fc.property(mutatedMessage(), ({ original, mutated }) => {
      const decoded = decodeWith(GossipMessage, mutated);
      expect(decoded.ok).toBe(true); // still a well-formed message: only the signature can reject it
      if (!decoded.ok) return;
      const env = signMessage(suite, alice, original);
      expect(verifyEnvelope(suite, alice.identity, { ...env, payload: decoded.value })).toBe(false);
    }), { numRuns });
  });

  it('[MSG-FUNC-SECRET-ENVELOPE.1] [MSG-FUNC-ENVELOPE-VERIFY.1] a secret envelope must be signed by the payload\'s signer', () => {
    const env = signMessage(suite, alice, alive, '10.0.0.1:7051');
    expect(env.secretEnvelope?.payload).toEqual({ internalEndpoint: '10.0.0.1:7051' });
    expect(verifyEnvelope(suite, alice.identity, env)).toBe(true);
    const bobsSecret = signMessage(suite, bob, alive, '10.0.0.1:7051').secretEnvelope;
    expect(verifyEnvelope(suite, alice.identity, { ...env, secretEnvelope: bobsSecret })).toBe(false);
    const redirected = { ...env, secretEnvelope: { payload: { internalEndpoint: '10.6.6.6:7051' }, signature: env.secretEnvelope?.signature ?? '' } };
    expect(verifyEnvelope(suite, alice.identity, redirected)).toBe(false);
    expect(verifyEnvelope(suite, alice.identity, { ...env, secretEnvelope: { payload: { internalEndpoint: '10.0.0.1:7051' }, signature: '' } })).toBe(false);
  });

  it('[MSG-FUNC-NOOP-SIGN.1] a NoopSigned envelope has an empty signature that verifies for no identity', () => {
    fc.assert(fc.property(gossipMessage(), (msg) => {
      const env = noopSign(msg);
      expect(env).toStrictEqual({ payload: msg, signature: '' });
      for (const key of [alice, bob, carol]) expect(verifyEnvelope(suite, key.identity, env)).toBe(false);
    }), { numRuns });
  });
});

describe('withoutSecret', () => {
  it('[MSG-FUNC-SECRET-ENVELOPE.1] removes the secret envelope and nothing else, leaving the input intact', () => {
    fc.assert(fc.property(envelope(), (env) => {
      const hadSecret = env.secretEnvelope !== undefined;
      const stripped = withoutSecret(env);
      expect(stripped).toStrictEqual({ payload: env.payload, signature: env.signature });
      expect(env.secretEnvelope !== undefined).toBe(hadSecret);
    }), { numRuns: 200 });
  });

  it('[MSG-FUNC-SECRET-ENVELOPE.1] a signed alive envelope still verifies once its secret envelope is removed', () => {
    const { suite, alice } = symbolic();
    const stripped = withoutSecret(signMessage(suite, alice, alive, '10.0.0.1:7051'));
    expect('secretEnvelope' in stripped).toBe(false);
    expect(verifyEnvelope(suite, alice.identity, stripped)).toBe(true);
  });
});

describe('[GEN-FUNC-SYMBOLIC-NO-FORGERY.1] in the symbolic suite nobody signs for another peer', () => {
  const { suite, alice, bob } = symbolic();

  it('[GEN-FUNC-SYMBOLIC-NO-FORGERY.1] [MSG-FUNC-ENVELOPE-VERIFY.1] an envelope signed with key A never verifies as identity B', () => {
    fc.assert(fc.property(gossipMessage(), (msg) => {
      expect(verifyEnvelope(suite, bob.identity, signMessage(suite, alice, msg))).toBe(false);
    }), { numRuns: 300 });
  });

  it('[GEN-FUNC-SYMBOLIC-NO-FORGERY.1] a key that claims B\'s identity but holds any other secret never verifies as B', () => {
    fc.assert(fc.property(gossipMessage(), fc.oneof(fc.string(), fc.constant(alice.secret)), (msg, guessed) => {
      fc.pre(guessed !== bob.secret);
      const forged = signMessage(suite, { identity: bob.identity, secret: guessed }, msg);
      expect(verifyEnvelope(suite, bob.identity, forged)).toBe(false);
    }), { numRuns: 300 });
  });

  it('[GEN-FUNC-SYMBOLIC-NO-FORGERY.1] a replayed envelope still verifies for its real signer (replay is possible, forgery is not)', () => {
    const env = signMessage(suite, alice, alive);
    const replayed = structuredClone(env);
    expect(verifyEnvelope(suite, alice.identity, replayed)).toBe(true);
  });
});
