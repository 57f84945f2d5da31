/**
 * Test fixtures for the handshake: a world per crypto suite (symbolic and ECDSA P-256), one side of
 * a connection driven in virtual time, and ConnEstablish envelopes built by hand (as Fabric's
 * `handshaker` builds its own with createConnectionMsg), so tests can mutate them.
 */
import { createEcdsaSuite, createSymbolicSuite, type CryptoSuite, type SigningKey } from '../../src/core';
import { signMessage, type Envelope, type GossipMessage } from '../../src/messages';
import {
  createHandshakeReducer,
  DEFAULT_HANDSHAKE_PARAMS,
  type AuthenticatedOutput,
  type HandshakeCommand,
  type HandshakeOutput,
  type HandshakeParams,
  type HandshakeRefusalReason,
  type HandshakeStart,
  type HandshakeState,
  type HandshakeTimerEvent,
} from '../../src/security';
import { TimerDriver } from '../helpers/timer-driver';

export type SuiteKind = 'symbolic' | 'ecdsa';
export const SUITE_KINDS: readonly SuiteKind[] = ['symbolic', 'ecdsa'];
/** Orgs the suites trust; 'Evil' is never trusted. */
const TRUSTED = ['O', 'A', 'B', 'Org1MSP'];

export interface World {
  readonly kind: SuiteKind;
  readonly crypto: CryptoSuite;
  /** A key of a trusted org, the same for the same (org, name). */
  key(org: string, name: string): SigningKey;
  /** A key whose identity this world's suite does not accept. */
  untrustedKey(name: string): SigningKey;
}

export function createWorld(kind: SuiteKind): World {
  if (kind === 'symbolic') {
    const suite = createSymbolicSuite(7);
    const stranger = createSymbolicSuite(99);
    return { kind, crypto: suite, key: (org, name) => suite.enroll(org, name), untrustedKey: (name) => stranger.enroll('Evil', name) };
  }
  const suite = createEcdsaSuite(TRUSTED);
  // A SHA-256 digest is a valid P-256 scalar (below the group order) with overwhelming probability.
  const key = (org: string, name: string) => suite.keyFromPrivateHex(org, suite.hash(`key:${org}/${name}`));
  return { kind, crypto: suite, key, untrustedKey: (name) => key('Evil', name) };
}

export interface ConnFields { pkiId: string; identity: string; tlsCertHash: string; probe: boolean }

/** The ConnEstablish `key` would send, before any mutation. */
export const connFieldsOf = (w: World, key: SigningKey, tlsCertHash = '', probe = false): ConnFields =>
  ({ pkiId: w.crypto.pkiIdOf(key.identity), identity: key.identity, tlsCertHash, probe });

/** Sign a GossipMessage carrying these ConnEstablish fields (or any other content) with `key`. */
export function signedConn(w: World, key: SigningKey, conn: ConnFields, content?: GossipMessage['content']): Envelope {
  const payload: GossipMessage = { nonce: 0n, channel: '', tag: 'EMPTY', content: content ?? { $case: 'conn', conn } };
  return signMessage(w.crypto, key, payload);
}

type Event = HandshakeCommand | HandshakeTimerEvent;
type StartFields = Omit<Extract<HandshakeStart, { role: 'dialer' }>, 'type'> | Omit<Extract<HandshakeStart, { role: 'acceptor' }>, 'type'>;

/** One side of one connection, in virtual time. */
export class Side {
  readonly driver: TimerDriver<HandshakeState, Event, HandshakeOutput>;
  readonly pkiId: string;

  constructor(readonly world: World, readonly key: SigningKey, params: HandshakeParams = DEFAULT_HANDSHAKE_PARAMS) {
    const reducer = createHandshakeReducer({ crypto: world.crypto, key });
    const [s0, out] = reducer.init(params);
    this.driver = new TimerDriver((s, e) => reducer.step(s, e), s0, out);
    this.pkiId = world.crypto.pkiIdOf(key.identity);
  }

  start(fields: StartFields): this {
    this.driver.send({ type: 'START', ...fields } as HandshakeStart);
    return this;
  }
  receive(envelope: Envelope): this {
    this.driver.send({ type: 'CONN_ESTABLISH_RECEIVED', envelope });
    return this;
  }
  send(event: Event): this {
    this.driver.send(event);
    return this;
  }

  get state(): HandshakeState { return this.driver.state; }
  outputs() { return this.driver.outputs.map((o) => o.output); }
  /** What this side sent on the stream (its ConnEstablish), if anything. */
  sent(): Envelope | undefined {
    const o = this.outputs().find((x) => x.kind === 'sendConnEstablish');
    return o?.kind === 'sendConnEstablish' ? o.envelope : undefined;
  }
  authenticated(): AuthenticatedOutput[] { return this.outputs().filter((o): o is AuthenticatedOutput => o.kind === 'authenticated'); }
  refusals(): HandshakeRefusalReason[] { return this.outputs().flatMap((o) => (o.kind === 'refused' ? [o.reason] : [])); }
  closed(): boolean { return this.outputs().some((o) => o.kind === 'closed'); }
  /** Fabric's accept channel: a registered connection exists, so gossip sent to it would be received. */
  hasConnection(): boolean { return this.authenticated().some((a) => a.register) && !this.closed(); }
}

/** Both sides started; each side's ConnEstablish is delivered to the other (dialer's first). */
export function exchange(dialer: Side, acceptor: Side): void {
  const fromDialer = dialer.sent();
  const fromAcceptor = acceptor.sent();
  if (fromDialer !== undefined) acceptor.receive(fromDialer);
  if (fromAcceptor !== undefined) dialer.receive(fromAcceptor);
}
