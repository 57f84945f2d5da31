/**
 * [GEN-ASM-BYZANTINE-NO-FORGERY.1] in the model the simulator runs: symbolic signatures over any
 * bytes (here the canonical encoding of arbitrary records; envelopes sign their wire bytes,
 * test/sim/byzantine-model.test.ts), and connections whose PKI-ID and identity the host, not the sender, states.
 */
import fc from 'fast-check';
import { canonicalEncode, createSymbolicSuite, type SigningKey, type SymbolicSuite } from '../../src/core';
import { advanceTo, command, createWorld, peerState, simplePeerSpec } from '../../src/sim';
import { script, testPeerInit, testPeerReducer, type TestPeerState } from '../sim/test-peer';

interface SignedEnvelope {
  readonly payload: unknown;
  readonly signature: string;
}

const sign = (suite: SymbolicSuite, key: SigningKey, payload: unknown): SignedEnvelope => ({ payload, signature: suite.sign(key, canonicalEncode(payload)) });
const verifies = (suite: SymbolicSuite, identity: string, env: SignedEnvelope): boolean => suite.verify(identity, canonicalEncode(env.payload), env.signature);

/** Payloads as peers exchange them: nested records of strings, numbers, booleans and uint64s. */
const payloadArb = fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })), { maxKeys: 4 });

function enrolled() {
  const suite = createSymbolicSuite(42);
  return { suite, a: suite.enroll('Org1MSP', 'p0'), b: suite.enroll('Org2MSP', 'p1') };
}

describe('[GEN-ASM-BYZANTINE-NO-FORGERY.1] Byzantine peers replay but cannot forge', () => {
  it('[GEN-ASM-BYZANTINE-NO-FORGERY.1] an envelope signed with key A verifies as A and never as B, whatever identity the signing key claims', () => {
    const { suite, a, b } = enrolled();
    fc.assert(
      fc.property(payloadArb, fc.oneof(fc.string(), fc.constant(a.secret)), (payload, guessedSecret) => {
        fc.pre(guessedSecret !== b.secret);
        expect(verifies(suite, a.identity, sign(suite, a, payload))).toBe(true);
        expect(verifies(suite, b.identity, sign(suite, a, payload))).toBe(false);
        // A Byzantine key that names B but holds any other secret: still not B's signature.
        expect(verifies(suite, b.identity, sign(suite, { identity: b.identity, secret: guessedSecret }, payload))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('[GEN-ASM-BYZANTINE-NO-FORGERY.1] a replayed envelope verifies unchanged for its signer; any change to its payload does not', () => {
    const { suite, a } = enrolled();
    fc.assert(
      fc.property(payloadArb, fc.string({ minLength: 1, maxLength: 6 }), (payload, key) => {
        const original = sign(suite, a, payload);
        const replayed: SignedEnvelope = structuredClone(original);
        expect(verifies(suite, a.identity, replayed)).toBe(true);
        const tampered: SignedEnvelope = { ...replayed, payload: { ...payload, [key]: `${String(payload[key])}!` } };
        expect(verifies(suite, a.identity, tampered)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('[GEN-ASM-BYZANTINE-NO-FORGERY.1] a relayed envelope arrives on the relay\'s connection: the host, not the sender, names who is on the other end', () => {
    const { suite, a } = enrolled();
    const specs = [simplePeerSpec('p0', 'Org1MSP'), simplePeerSpec('p1', 'Org2MSP'), simplePeerSpec('p2', 'Org1MSP')];
    const ref = (name: string) => ({ pkiId: name as never, endpoint: `${name}:7051` });
    let w = createWorld<TestPeerState>({ seed: 5, peers: specs, reducer: testPeerReducer, initPeer: testPeerInit(specs) });
    // p1 replays p0's signed envelope to p2, wrapped in a claim to be p0.
    const envelope = sign(suite, a, { kind: 'alive', from: 'p0' });
    w = advanceTo(command(w, 'p1', script([{ kind: 'send', to: [ref('p2')], message: { claimsToBe: 'p0', envelope } }])), 100);
    const received = peerState(w, 'p2').inputs.flatMap((i) => (i.kind === 'receive' ? [i] : []));
    expect(received.map((i) => [i.from.pkiId, i.from.identity])).toEqual([['p1', 'Org2MSP\np1']]);
    // The replayed signature is still p0's: replay is possible, but the connection is p1's.
    expect(verifies(suite, a.identity, (received[0]?.payload as { envelope: SignedEnvelope }).envelope)).toBe(true);
  });
});
