/**
 * Fixtures for the identity store: a world per crypto suite, and a virtual-time host that performs
 * the store's timers (test/helpers/timer-driver.ts), adds `nowMs` to every input and checks every
 * SEC-SAFE invariant after every step.
 *
 * Fabric's identity_test.go mocks `Expiration` per identity (mock.On("Expiration", id)) and uses
 * the naive MessageCryptoService (PKI-ID = identity, signature = message). Here the fabric-test
 * suite plays the naive MCS (its identities must be `host:port`, so "yacovm" is "yacovm:7051"), the
 * symbolic suite plays a real MSP (enrolled = valid, unforgeable signatures), and both get
 * Fabric's per-identity expirations, including "no MSP supports given identity".
 */
import { createFabricTestSuite, createSymbolicSuite, type CryptoSuite } from '../../src/core';
import {
  createIdentityStoreReducer,
  identityStoreViolations,
  type IdentityRefusalReason,
  type IdentityStoreOutput,
  type IdentityStoreReducer,
  type IdentityStoreState,
  type PurgedOutput,
  type Suspects,
} from '../../src/security';
import { TimerDriver } from '../helpers/timer-driver';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
/** Virtual time at which every test starts (TimerDriver's clock starts at 0 when it arms the first timers). */
export const START_MS = 0;

export type SuiteKind = 'fabric-test' | 'symbolic';
export const SUITE_KINDS: readonly SuiteKind[] = ['fabric-test', 'symbolic'];

/** What a world's Expiration says of an identity: a time, never, or a classification error. */
export type Expiration = number | 'never' | Error;

export interface IdentityWorld {
  readonly kind: SuiteKind;
  readonly crypto: CryptoSuite;
  /** A valid identity named `name` (the same one for the same name), with this expiration. */
  identity(name: string, expiration: Expiration): string;
  /** An identity the suite does not validate (symbolic: never enrolled; fabric-test: malformed). */
  invalidIdentity(name: string): string;
  /** A signature by the identity named `name` over `payload` (fabric-test: anyone's, the payload itself). */
  signAs(name: string, payload: string): string;
}

/** The suite, with Expiration answered from `expirations` when it names the identity (Fabric's mock). */
function withExpirations(suite: CryptoSuite, expirations: Map<string, Expiration>): CryptoSuite {
  return {
    ...suite,
    expiresAtMs(identity) {
      const e = expirations.get(identity);
      if (e instanceof Error) throw e;
      if (e === 'never') return undefined;
      return e ?? suite.expiresAtMs(identity);
    },
  };
}

export function createIdentityWorld(kind: SuiteKind): IdentityWorld {
  const expirations = new Map<string, Expiration>();
  if (kind === 'fabric-test') {
    const suite = createFabricTestSuite();
    const crypto = withExpirations(suite, expirations);
    const identityOf = (name: string) => `${name}:7051`;
    return {
      kind,
      crypto,
      identity(name, expiration) {
        expirations.set(identityOf(name), expiration);
        return identityOf(name);
      },
      invalidIdentity: (name) => name,
      signAs: (name, payload) => crypto.sign(suite.keyFor(identityOf(name)), payload),
    };
  }
  const suite = createSymbolicSuite(5);
  const stranger = createSymbolicSuite(77);
  const crypto = withExpirations(suite, expirations);
  return {
    kind,
    crypto,
    identity(name, expiration) {
      const key = suite.enroll('Org1MSP', name);
      expirations.set(key.identity, expiration);
      return key.identity;
    },
    invalidIdentity: (name) => stranger.enroll('Org1MSP', name).identity,
    signAs: (name, payload) => suite.sign(suite.enroll('Org1MSP', name), payload),
  };
}

type Request = { type: string; [field: string]: unknown };

/** One store driven in virtual time; every step is checked against the SEC-SAFE invariants. */
export class StoreHost {
  readonly reducer: IdentityStoreReducer;
  readonly driver: TimerDriver<IdentityStoreState, Request, IdentityStoreOutput>;
  private seen = 0;

  constructor(readonly world: IdentityWorld, selfIdentity: string, usageThresholdMs: number) {
    const reducer = createIdentityStoreReducer({ crypto: world.crypto });
    this.reducer = reducer;
    const [state, outputs] = reducer.init({ selfIdentity, nowMs: START_MS, params: { usageThresholdMs } });
    const step = (s: IdentityStoreState, e: Request) => {
      const input = { ...e, nowMs: this.driver.nowMs };
      const [after, outs] = reducer.step(s, input);
      const found = identityStoreViolations(world.crypto, { before: s, input, outputs: outs, after });
      if (found.length > 0) throw new Error(`invariant violated on ${JSON.stringify(input)}: ${found.join('; ')}`);
      return [after, outs] as const;
    };
    this.driver = new TimerDriver(step, state, outputs);
  }

  get state(): IdentityStoreState {
    return this.driver.state;
  }

  /** The outputs of one request (timers aside). */
  send(request: Request): IdentityStoreOutput[] {
    const from = this.driver.outputs.length;
    this.driver.send(request);
    return this.driver.outputs.slice(from).map((o) => o.output);
  }

  /** Put: undefined on success (Fabric's nil error), else the refusal's reason and detail. */
  put(pkiId: string, identity: string): { reason: IdentityRefusalReason; detail?: string } | undefined {
    const refusal = this.send({ type: 'PUT', pkiId, identity }).find((o) => o.kind === 'refused');
    return refusal?.kind === 'refused' ? { reason: refusal.reason, ...(refusal.detail === undefined ? {} : { detail: refusal.detail }) } : undefined;
  }

  /** Get: Fabric's (identity, error) pair. */
  get(pkiId: string): { identity?: string; error?: IdentityRefusalReason } {
    const outs = this.send({ type: 'GET', pkiId });
    const found = outs.find((o) => o.kind === 'identity');
    const refusal = outs.find((o) => o.kind === 'refused');
    return {
      ...(found?.kind === 'identity' ? { identity: found.identity } : {}),
      ...(refusal?.kind === 'refused' ? { error: refusal.reason } : {}),
    };
  }

  /** Verify: undefined on success, else the refusal's reason. */
  verify(pkiId: string, signature: string, payload: string): IdentityRefusalReason | undefined {
    const outs = this.send({ type: 'VERIFY', pkiId, signature, payload });
    const refusal = outs.find((o) => o.kind === 'refused');
    if (refusal?.kind === 'refused') return refusal.reason;
    expect(outs.map((o) => o.kind)).toEqual(['verified']);
    return undefined;
  }

  suspectPeers(suspects: Suspects): void {
    this.send({ type: 'SUSPECT_PEERS', suspects });
  }

  configUpdated(revokedPkiIds: readonly string[]): void {
    this.send({ type: 'CONFIG_UPDATED', revokedPkiIds });
  }

  stop(): void {
    this.send({ type: 'STOP' });
  }

  advanceBy(ms: number): void {
    this.driver.advanceBy(ms);
  }

  /** Fabric's deletedIdentities channel: the purges since the last call, in order. */
  takePurged(): PurgedOutput[] {
    const all = this.driver.outputs.map((o) => o.output).filter((o): o is PurgedOutput => o.kind === 'purged');
    const fresh = all.slice(this.seen);
    this.seen = all.length;
    return fresh;
  }
}
