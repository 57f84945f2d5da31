import fc from 'fast-check';
import { createEcdsaSuite, createFabricTestSuite, createSymbolicSuite, decodeWith, type CryptoSuite, type SigningKey } from '../../src/core';
import {
  GossipMessage, latin1Text, marshalGossipMessage, marshalSecret, noopSign, payloadSignature, signedBytesOf, signMessage, verifyEnvelope, withoutSecret,
} from '../../src/messages';
import { bytes, envelope, gossipMessage } from '../../src/messages/arbitraries';
import { representable } from '../wire/representable';
import { EXAMPLES, messageOf } from './examples';
import { mutatedMessage } from './mutate';

interface Fixture {
  readonly suite: CryptoSuite;
  /** Whether it signs values without a wire form (the symbolic suite: [MSG-FUNC-MODEL-ONLY-SIGNING.1]). */
  readonly modelOnly: boolean;
  /** The signer, another peer of its org, and a peer of another org. */
  readonly alice: SigningKey;
  readonly bob: SigningKey;
  readonly carol: SigningKey;
  /** ECDSA signs in milliseconds, so it gets fewer runs. */
  readonly numRuns: number;
}

function symbolic(): Fixture {
  const suite = createSymbolicSuite(7);
  return { suite, modelOnly: true, alice: suite.enroll('Org1MSP', 'peer0'), bob: suite.enroll('Org1MSP', 'peer1'), carol: suite.enroll('Org2MSP', 'peer0'), numRuns: 200 };
}

function ecdsa(): Fixture {
  const suite = createEcdsaSuite(['Org1MSP', 'Org2MSP']);
  const key = (msp: string, byte: string) => suite.keyFromPrivateHex(msp, byte.repeat(32));
  return { suite, modelOnly: false, alice: key('Org1MSP', '11'), bob: key('Org1MSP', '22'), carol: key('Org2MSP', '33'), numRuns: 25 };
}

const FIXTURES: readonly (readonly [string, () => Fixture])[] = [['symbolic', symbolic], ['ecdsa-p256', ecdsa]];
const alive = messageOf(EXAMPLES.aliveMsg);

describe.each(FIXTURES)('envelope signing with the %s suite', (_name, make) => {
  const { suite, modelOnly, alice, bob, carol, numRuns } = make();
  /** What this suite signs: any model value (symbolic), or the values with a wire form. */
  const signable = () => (modelOnly ? gossipMessage() : gossipMessage().map(representable));

  it('[MSG-FUNC-ENVELOPE-VERIFY.2] a signed envelope verifies with the signer\'s identity and with no other', () => {
    fc.assert(fc.property(signable(), fc.option(bytes(), { nil: undefined }), (msg, internalEndpoint) => {
      const env = signMessage(suite, alice, msg, modelOnly || internalEndpoint === undefined ? internalEndpoint : representable(internalEndpoint));
      expect(verifyEnvelope(suite, alice.identity, env)).toBe(true);
      expect(verifyEnvelope(suite, bob.identity, env)).toBe(false);
      expect(verifyEnvelope(suite, carol.identity, env)).toBe(false);
    }), { numRuns });
  });

  it('[MSG-MSG-ENVELOPE.2] [MSG-FUNC-SIGNED-BYTES.1] the signature covers the marshalled GossipMessage, and the envelope carries no bytes of its own', () => {
    fc.assert(fc.property(gossipMessage().map(representable), (msg) => {
      const env = signMessage(suite, alice, msg);
      expect(Object.keys(env).sort()).toEqual(['payload', 'signature']);
      const marshalled = marshalGossipMessage(msg);
      expect(marshalled).toBeDefined();
      expect(suite.verify(alice.identity, marshalled as Uint8Array, env.signature)).toBe(true);
      expect(signedBytesOf(suite, env)).toEqual(marshalled);
    }), { numRuns });
  });

  it('[MSG-FUNC-SIGNED-BYTES.1] a payload object is marshalled once: signing it and reading its signed bytes share one encoding, and an equal copy gets equal bytes of its own', () => {
    fc.assert(fc.property(gossipMessage().map(representable), (msg) => {
      const env = signMessage(suite, alice, msg);
      const bytes = signedBytesOf(suite, env);
      expect(signedBytesOf(suite, { payload: msg })).toBe(bytes);
      const copy = structuredClone(msg);
      const copied = signedBytesOf(suite, { payload: copy });
      expect(copied).not.toBe(bytes);
      expect(copied).toEqual(bytes);
      expect(verifyEnvelope(suite, alice.identity, { ...env, payload: copy })).toBe(true);
    }), { numRuns });
  });

  it('[MSG-MSG-ENVELOPE.2] [MSG-FUNC-ENVELOPE-VERIFY.2] changing any one field of the payload breaks verification', () => {
    fc.assert(fc.property(mutatedMessage(), ({ original, mutated }) => {
      fc.pre(modelOnly || marshalGossipMessage(original) !== undefined);
      const decoded = decodeWith(GossipMessage, mutated);
      expect(decoded.ok).toBe(true); // still a well-formed message: only the signature can reject it
      if (!decoded.ok) return;
      const env = signMessage(suite, alice, original);
      expect(verifyEnvelope(suite, alice.identity, { ...env, payload: decoded.value })).toBe(false);
    }), { numRuns });
  });

  it('[MSG-FUNC-SECRET-ENVELOPE.1] [MSG-FUNC-ENVELOPE-VERIFY.2] a secret envelope must be signed by the payload\'s signer', () => {
    const env = signMessage(suite, alice, alive, '10.0.0.1:7051');
    expect(env.secretEnvelope?.payload).toEqual({ internalEndpoint: '10.0.0.1:7051' });
    expect(suite.verify(alice.identity, marshalSecret({ internalEndpoint: '10.0.0.1:7051' }) as Uint8Array, env.secretEnvelope?.signature ?? '')).toBe(true);
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

  it('[MSG-FUNC-RECEIVED-BYTES.1] carried bytes that are the payload\'s own encoding verify; the bytes of another payload do not', () => {
    fc.assert(fc.property(gossipMessage().map(representable), gossipMessage().map(representable), (msg, other) => {
      const env = signMessage(suite, alice, msg);
      const own = latin1Text(marshalGossipMessage(msg) as Uint8Array);
      expect(verifyEnvelope(suite, alice.identity, { ...env, payloadBytes: own })).toBe(true);
      const otherBytes = latin1Text(marshalGossipMessage(other) as Uint8Array);
      fc.pre(otherBytes !== own);
      // Signed over the other message's bytes, carried under this payload: refused.
      const signedOther = { ...env, payloadBytes: otherBytes, signature: payloadSignature(suite, alice, other) };
      expect(verifyEnvelope(suite, alice.identity, signedOther)).toBe(false);
    }), { numRuns });
  });
});

describe('[MSG-FUNC-MODEL-ONLY-SIGNING.1] values without a wire form', () => {
  const withWideCodeUnit = messageOf({ $case: 'peerIdentity', peerIdentity: { pkiId: 'p\u0100', cert: 'c', metadata: '' } }, 'ORG_ONLY');

  it('[MSG-FUNC-MODEL-ONLY-SIGNING.1] the symbolic suite signs them over 0xFF and their canonical JSON, and tells them apart', () => {
    const { suite, alice } = symbolic();
    expect(marshalGossipMessage(withWideCodeUnit)).toBeUndefined();
    const env = signMessage(suite, alice, withWideCodeUnit);
    expect(verifyEnvelope(suite, alice.identity, env)).toBe(true);
    const signed = signedBytesOf(suite, env);
    expect(signed?.[0]).toBe(0xff);
    expect(new TextDecoder().decode(signed?.subarray(1))).toBe(JSON.stringify({ channel: '', content: { $case: 'peerIdentity', peerIdentity: { cert: 'c', metadata: '', pkiId: 'p\u0100' } }, nonce: { $u64: '0' }, tag: 'ORG_ONLY' }));
    const other = messageOf({ $case: 'peerIdentity', peerIdentity: { pkiId: 'p\u0101', cert: 'c', metadata: '' } }, 'ORG_ONLY');
    expect(verifyEnvelope(suite, alice.identity, { ...env, payload: other })).toBe(false);
  });

  it('[MSG-FUNC-MODEL-ONLY-SIGNING.1] the other suites cannot sign them: the signature is empty and verifies for no one', () => {
    for (const { suite, alice } of [ecdsa(), { suite: createFabricTestSuite(), alice: createFabricTestSuite().keyFor('127.0.0.1:7051', 'Org1MSP') }]) {
      const env = signMessage(suite, alice, withWideCodeUnit, '10.0.0.1:7051');
      expect(env.signature).toBe('');
      expect(env.secretEnvelope?.signature).not.toBe('');
      expect(verifyEnvelope(suite, alice.identity, env)).toBe(false);
      expect(signedBytesOf(suite, env)).toBeUndefined();
    }
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

  it('[GEN-FUNC-SYMBOLIC-NO-FORGERY.1] [MSG-FUNC-ENVELOPE-VERIFY.2] an envelope signed with key A never verifies as identity B', () => {
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

describe('[MSG-FUNC-ENVELOPE-VERIFY.2] a verdict is worked out once per envelope, suite and identity', () => {
  const base = createSymbolicSuite(7);
  const alice = base.enroll('Org1MSP', 'peer0');
  const bob = base.enroll('Org1MSP', 'peer1');
  /** The symbolic suite, counting the signatures it checks. */
  const counting = () => {
    let checks = 0;
    const suite: CryptoSuite = { ...base, verify: (identity, signed, signature) => { checks++; return base.verify(identity, signed, signature); } };
    return { suite, checks: () => checks };
  };

  it('[MSG-FUNC-ENVELOPE-VERIFY.2] asked again (each receiver of a broadcast), it answers as before without checking the signature again', () => {
    const { suite, checks } = counting();
    const env = signMessage(suite, alice, alive);
    for (let i = 0; i < 3; i++) expect(verifyEnvelope(suite, alice.identity, env)).toBe(true);
    expect(checks()).toBe(1);
    for (let i = 0; i < 3; i++) expect(verifyEnvelope(suite, bob.identity, env)).toBe(false);
    expect(checks()).toBe(2);
  });

  it('[MSG-FUNC-ENVELOPE-VERIFY.2] an envelope whose part was changed in place, or another suite, is verified afresh', () => {
    const { suite, checks } = counting();
    const env: { payload: GossipMessage; signature: string } = { ...signMessage(suite, alice, alive) };
    expect(verifyEnvelope(suite, alice.identity, env)).toBe(true);
    const signature = env.signature;
    env.signature = `${signature}x`;
    expect(verifyEnvelope(suite, alice.identity, env)).toBe(false);
    env.signature = signature;
    env.payload = { ...alive, nonce: alive.nonce + 1n };
    expect(verifyEnvelope(suite, alice.identity, env)).toBe(false);
    expect(checks()).toBe(3);
    const other = counting();
    env.payload = alive;
    expect(verifyEnvelope(other.suite, alice.identity, env)).toBe(true);
    expect(other.checks()).toBe(1);
  });
});
