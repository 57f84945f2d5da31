/**
 * Peers for unit tests: identities from one symbolic suite (wrapped to count signatures and
 * verifications), their self info, alive envelopes signed by them, and membership messages.
 */
import { createSymbolicSuite, nanosFromMs, orgId, type ConnectionInfo, type CryptoSuite, type PkiId, type SigningKey } from '../../src/core';
import { noopSign, signMessage, type Envelope } from '../../src/messages';
import { FABRIC_DISCOVERY_TEST_PARAMS, type AliveEnvelope, type MembershipInit, type MembershipParams, type SelfInfo } from '../../src/membership';
import { MembershipDriver } from './driver';

export interface CountingSuite extends CryptoSuite {
  signs: number;
  verifies: number;
  /** Identity validations (the crypto half of an identity check). */
  validations: number;
}

const base = createSymbolicSuite(11);

export function countingSuite(): CountingSuite {
  const suite: CountingSuite = {
    ...base,
    signs: 0,
    verifies: 0,
    validations: 0,
    sign(key, payload) {
      suite.signs++;
      return base.sign(key, payload);
    },
    verify(identity, payload, signature) {
      suite.verifies++;
      return base.verify(identity, payload, signature);
    },
    validateIdentity(identity) {
      suite.validations++;
      return base.validateIdentity(identity);
    },
  };
  return suite;
}

export interface TestPeer {
  readonly name: string;
  readonly key: SigningKey;
  readonly self: SelfInfo;
  readonly conn: ConnectionInfo;
}

/** A peer `name` of `org` at `localhost:<port>`; external endpoint = internal unless given. */
export function peer(name: string, port: number, org = 'Org1MSP', external?: string): TestPeer {
  const key = base.enroll(org, name);
  const pkiId = base.pkiIdOf(key.identity);
  const internalEndpoint = `localhost:${port}`;
  const self: SelfInfo = { pkiId, identity: key.identity, org: orgId(org), internalEndpoint, externalEndpoint: external ?? internalEndpoint, metadata: '' };
  return { name, key, self, conn: { pkiId, identity: key.identity, endpoint: internalEndpoint } };
}

export function initFor(p: TestPeer, overrides: Partial<MembershipInit> = {}, params: Partial<MembershipParams> = {}): MembershipInit {
  return { self: p.self, startTimeMs: 0, params: { ...FABRIC_DISCOVERY_TEST_PARAMS, ...params }, bootstrap: [], seed: 1, ...overrides };
}

export function driverFor(p: TestPeer, overrides: Partial<MembershipInit> = {}, params: Partial<MembershipParams> = {}, crypto: CryptoSuite = base): MembershipDriver {
  return new MembershipDriver(crypto, p.key, initFor(p, overrides, params));
}

/** An alive envelope signed by `p` (start time and seq chosen by the test). */
export function aliveFrom(
  p: TestPeer,
  seq: number,
  opts: { startMs?: number; withSecret?: boolean; withIdentity?: boolean; endpoint?: string; metadata?: string; signer?: SigningKey } = {},
): AliveEnvelope {
  const payload = {
    nonce: 0n,
    channel: '',
    tag: 'EMPTY' as const,
    content: {
      $case: 'aliveMsg' as const,
      aliveMsg: {
        membership: { endpoint: opts.endpoint ?? p.self.externalEndpoint, metadata: opts.metadata ?? '', pkiId: p.self.pkiId },
        timestamp: { incNum: nanosFromMs(opts.startMs ?? 0), seqNum: BigInt(seq) },
        ...(opts.withIdentity === true ? { identity: p.key.identity } : {}),
      },
    },
  };
  return signMessage(base, opts.signer ?? p.key, payload, opts.withSecret === false ? undefined : p.self.internalEndpoint);
}

export function memReq(selfInformation: AliveEnvelope, nonce = 0n): Envelope {
  return noopSign({ nonce, channel: '', tag: 'EMPTY', content: { $case: 'memReq', memReq: { selfInformation, known: [] } } });
}

export function memRes(alive: readonly AliveEnvelope[], dead: readonly AliveEnvelope[] = [], nonce = 0n): Envelope {
  return noopSign({ nonce, channel: '', tag: 'EMPTY', content: { $case: 'memRes', memRes: { alive, dead } } });
}

/**
 * A message as received from the network: a fresh copy each time, as Fabric unmarshals each one.
 * verifyEnvelope remembers its verdict per envelope object, so handing the same object twice would
 * hide a second verification from the counting suite; a copy keeps the counts Fabric's tests count.
 */
export function received(from: TestPeer, envelope: Envelope) {
  return { type: 'MESSAGE_RECEIVED' as const, from: from.conn, envelope: structuredClone(envelope) };
}

/**
 * `self` knows two peers that then fall silent: both are dead by 3300 ms, and the reconnect round
 * at 6000 ms has probed both (FABRIC_DISCOVERY_TEST_PARAMS: timeout 3000 ms, reconnect 3000 ms).
 */
export function probingTwoDead(self: TestPeer, b: TestPeer, c: TestPeer): MembershipDriver {
  const d = driverFor(self);
  d.send(received(b, aliveFrom(b, 1)));
  d.send(received(c, aliveFrom(c, 1)));
  d.advanceTo(6000);
  return d;
}

export function pki(p: TestPeer): PkiId {
  return p.self.pkiId;
}

export { base as symbolicSuite };
