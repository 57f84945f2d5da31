/**
 * The identity store reducer: createIdentityStoreReducer({ crypto }) -> { init, step }. Every input
 * is decoded here ([SEC-FUNC-IDENTITY-DECODE.1]); the chart is crypto-free, so the reducer adds the suite's verdict to PUT and
 * VERIFY and ListInvalidIdentities' findings to the re-validating events before the chart sees
 * them, then turns named actions into outputs.
 */
import type { CryptoSuite } from '../../core/crypto/suite';
import { decodeWith } from '../../core/decode';
import { pentriesByKey, pget } from '../../core/pmap';
import { latin1Bytes } from '../../messages/proto/bytes';
import { machineReducer, type ChartState } from '../../core/xstate-step';
import type { ArmExpiryParams, IdentityParams, PkiIdParams, PurgeParams, RefusalParams, StoredParams } from './actions';
import type { IdentityStoreContext, IdentityStoreEvent, PutVerdict, StoredIdentity } from './context';
import { listInvalidIdentities, suspectPredicate } from './invalid';
import { EXPIRY_FIRED, IdentityStoreInit, IdentityStoreInput, USAGE_CHECK_EVENT, type IdentityStoreTimerEvent } from './inputs';
import { identityStoreMachine } from './machine';
import type { PurgeReason } from './refusals';

/** A new identity is stored (Put succeeded). */
export interface StoredOutput { readonly kind: 'stored'; readonly pkiId: string; readonly identity: string; readonly org?: string }
/** Put of a PKI-ID already stored: Fabric returns no error and keeps the first identity. */
export interface AlreadyStoredOutput { readonly kind: 'alreadyStored'; readonly pkiId: string }
/** A request failed; `reason` names the check, `detail` carries the suite's words when there are any. */
export interface IdentityRefusedOutput extends RefusalParams { readonly kind: 'refused' }
/** Get's answer. */
export interface IdentityFoundOutput { readonly kind: 'identity'; readonly pkiId: string; readonly identity: string }
/** Verify succeeded. */
export interface VerifiedOutput { readonly kind: 'verified'; readonly pkiId: string }
/** Fabric's onPurge(pkiID, identity): the composition purges the member, the puller's copy and the connection. */
export interface PurgedOutput { readonly kind: 'purged'; readonly pkiId: string; readonly identity: string; readonly reason: PurgeReason }
/** An input that did not decode; the state is unchanged. */
export interface MalformedInputOutput { readonly kind: 'malformedInput'; readonly error: string }
export type IdentityStoreTimerOutput =
  | { readonly kind: 'setTimer'; readonly timerId: string; readonly delayMs: number; readonly event: IdentityStoreTimerEvent }
  | { readonly kind: 'cancelTimer'; readonly timerId: string };

export type IdentityStoreOutput =
  | StoredOutput
  | AlreadyStoredOutput
  | IdentityRefusedOutput
  | IdentityFoundOutput
  | VerifiedOutput
  | PurgedOutput
  | MalformedInputOutput
  | IdentityStoreTimerOutput;
export type IdentityStoreState = ChartState<typeof identityStoreMachine>;
export type IdentityStoreStepResult = readonly [IdentityStoreState, readonly IdentityStoreOutput[]];

export interface IdentityStoreEnv {
  readonly crypto: CryptoSuite;
}

export interface IdentityStoreReducer {
  /** NewIdentityMapper: stores our own identity; throws when it cannot be stored (Fabric panics). */
  init(input: unknown): IdentityStoreStepResult;
  step(state: IdentityStoreState, input: unknown): IdentityStoreStepResult;
  /** ListInvalidIdentities(isSuspected) at `nowMs`, without changing anything. */
  listInvalidIdentities(state: IdentityStoreState, nowMs: number, isSuspected: (identity: string) => boolean): ReturnType<typeof listInvalidIdentities>;
}

/** The id of an entry's expiry timer: one per PKI-ID, so re-arming replaces it. */
export const expiryTimerId = (pkiId: string): string => `expiry/${pkiId}`;

/** A purge batch before it is flattened into one output (and maybe a cancelTimer) per entry. */
interface PurgeBatch { readonly kind: 'purgeBatch'; readonly batch: PurgeParams }
type ChartOutput = Exclude<IdentityStoreOutput, PurgedOutput | MalformedInputOutput> | PurgeBatch;

const chart = machineReducer<typeof identityStoreMachine, ChartOutput>(identityStoreMachine, {
  stored: (p: StoredParams): StoredOutput => ({ kind: 'stored', ...p }),
  alreadyStored: (p: PkiIdParams): AlreadyStoredOutput => ({ kind: 'alreadyStored', pkiId: p.pkiId }),
  refused: (p: RefusalParams): IdentityRefusedOutput => ({ kind: 'refused', ...p }),
  answerIdentity: (p: IdentityParams): IdentityFoundOutput => ({ kind: 'identity', ...p }),
  verified: (p: PkiIdParams): VerifiedOutput => ({ kind: 'verified', pkiId: p.pkiId }),
  armExpiryTimer: (p: ArmExpiryParams): IdentityStoreTimerOutput => ({
    kind: 'setTimer',
    timerId: expiryTimerId(p.pkiId),
    delayMs: p.delayMs,
    event: { type: EXPIRY_FIRED, pkiId: p.pkiId as never, identity: p.identity },
  }),
  purged: (p: PurgeParams): PurgeBatch => ({ kind: 'purgeBatch', batch: p }),
});

/** [SEC-MSG-IDENTITY-PURGED.1] one `purged` per entry, after cancelling its expiry timer when still armed. */
function flatten(outputs: readonly unknown[]): readonly IdentityStoreOutput[] {
  const chartOutputs = outputs as readonly (ChartOutput | IdentityStoreTimerOutput)[];
  // Nearly every step (a GET per alive message a peer takes in) purges nothing: its outputs stand as they are.
  if (!chartOutputs.some((o) => o.kind === 'purgeBatch')) return chartOutputs as readonly IdentityStoreOutput[];
  return chartOutputs.flatMap((o): IdentityStoreOutput[] => {
    if (o.kind !== 'purgeBatch') return [o];
    return o.batch.entries.flatMap(({ pkiId, identity, reason, cancelExpiryTimer }): IdentityStoreOutput[] => [
      ...(cancelExpiryTimer ? [{ kind: 'cancelTimer' as const, timerId: expiryTimerId(pkiId) }] : []),
      { kind: 'purged', pkiId, identity, reason },
    ]);
  });
}

/** Fabric's Expiration: known (a finite time, or none) unless the suite fails to classify the identity. */
function expirationOf(crypto: CryptoSuite, identity: string): PutVerdict['expiration'] {
  try {
    const expiresAtMs = crypto.expiresAtMs(identity);
    if (expiresAtMs === undefined) return { known: true };
    return Number.isFinite(expiresAtMs) ? { known: true, expiresAtMs } : { known: false, detail: `expiration ${String(expiresAtMs)} is not a time` };
  } catch (e) {
    return { known: false, detail: e instanceof Error ? e.message : String(e) };
  }
}

/** [SEC-FUNC-IDENTITY-PUT-CHECKS.1] what the suite says of a Put's identity (nothing for an empty one: it is refused first). */
function putVerdict(crypto: CryptoSuite, identity: string): PutVerdict | undefined {
  if (identity === '') return undefined;
  const identityValid = crypto.validateIdentity(identity);
  const org = identityValid ? crypto.orgOf(identity) : undefined;
  return {
    expiration: expirationOf(crypto, identity),
    identityValid,
    computedPkiId: identityValid ? crypto.pkiIdOf(identity) : '',
    ...(org === undefined ? {} : { org }),
  };
}

function withCrypto(crypto: CryptoSuite, state: IdentityStoreState, input: IdentityStoreInput): IdentityStoreEvent {
  const ctx: IdentityStoreContext = state.context;
  switch (input.type) {
    case 'PUT':
      return { ...input, verdict: putVerdict(crypto, input.identity) };
    case 'VERIFY': {
      const entry = pget(ctx.entries, input.pkiId);
      if (entry === undefined) return input;
      // [SEC-FUNC-IDENTITY-VERIFY.1] the message is a byte string (Fabric's []byte): one with a code unit above 0xFF verifies for no one.
      const message = latin1Bytes(input.payload);
      return { ...input, signatureValid: message !== undefined && crypto.verify(entry.identity, message, input.signature) };
    }
    case 'SUSPECT_PEERS':
      return { ...input, invalid: listInvalidIdentities(crypto, ctx, input.nowMs, suspectPredicate(input.suspects, crypto)) };
    case 'CONFIG_UPDATED':
      // [SEC-FUNC-IDENTITY-REVOCATION.1] re-validated against the new list, every identity suspected.
      return { ...input, invalid: listInvalidIdentities(crypto, { ...ctx, revokedPkiIds: input.revokedPkiIds }, input.nowMs, suspectPredicate('all', crypto)) };
    case USAGE_CHECK_EVENT:
      return state.value === 'running' ? { ...input, invalid: listInvalidIdentities(crypto, ctx, input.nowMs, suspectPredicate('none', crypto)) } : input;
    default:
      return input;
  }
}

export function createIdentityStoreReducer(env: IdentityStoreEnv): IdentityStoreReducer {
  const { crypto } = env;
  const step = (state: IdentityStoreState, input: unknown): IdentityStoreStepResult => {
    const decoded = decodeWith(IdentityStoreInput, input);
    if (!decoded.ok) return [state, [{ kind: 'malformedInput', error: decoded.error.message }]];
    const [next, outputs] = chart.step(state, withCrypto(crypto, state, decoded.value));
    return [next, flatten(outputs)];
  };
  return {
    init(input) {
      const decoded = decodeWith(IdentityStoreInit, input);
      if (!decoded.ok) throw new Error(`identity store init: ${decoded.error.message}`);
      const { selfIdentity, nowMs, params } = decoded.value;
      const selfPkiId = selfIdentity === '' ? '' : crypto.pkiIdOf(selfIdentity);
      const [initial, started] = chart.init({ params, selfPkiId });
      // [SEC-FUNC-IDENTITY-SELF.1] our own identity goes in first; if it cannot, the peer must not start.
      const [state, putOutputs] = step(initial, { type: 'PUT', nowMs, pkiId: selfPkiId, identity: selfIdentity });
      const refusal = putOutputs.find((o): o is IdentityRefusedOutput => o.kind === 'refused');
      if (refusal !== undefined) {
        throw new Error(`Failed putting our own identity into the identity mapper: ${refusal.reason}${refusal.detail === undefined ? '' : `: ${refusal.detail}`}`);
      }
      return [state, [...flatten(started), ...putOutputs]];
    },
    step,
    listInvalidIdentities: (state, nowMs, isSuspected) => listInvalidIdentities(crypto, state.context, nowMs, isSuspected),
  };
}

/** The entry of a PKI-ID, without marking it used (for hosts and tests; Get marks it). */
export const storedIdentityOf = (state: IdentityStoreState, pkiId: string): StoredIdentity | undefined => pget(state.context.entries, pkiId);

/** [SEC-FUNC-IDENTITY-INFO.1] Fabric's IdentityInfo: every stored identity with its PKI-ID and org, in PKI-ID order. */
export function identityInfo(state: IdentityStoreState): readonly { readonly pkiId: string; readonly identity: string; readonly org?: string }[] {
  return pentriesByKey(state.context.entries).map(([pkiId, { identity, org }]) => ({ pkiId, identity, ...(org === undefined ? {} : { org }) }));
}

export const isIdentityStoreStopped = (state: IdentityStoreState): boolean => state.value === 'stopped';
