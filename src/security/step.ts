/**
 * The handshake reducer: createHandshakeReducer({ crypto, key }) -> { init, step }. The chart is
 * crypto-free; the reducer signs our ConnEstablish into START and adds the crypto verdict to
 * CONN_ESTABLISH_RECEIVED before the chart sees them, then turns named actions into outputs.
 */
import type { CryptoSuite, SigningKey } from '../core';
import { machineReducer, type ChartState, type TimerOutput } from '../core/xstate-step';
import type { EnvelopeOf } from '../messages';
import type { AuthenticatedParams, RefusalParams, SendParams } from './actions';
import type { HandshakeEvent } from './context';
import type { HandshakeCommand, HandshakeStart, HandshakeTimerEvent } from './inputs';
import { handshakeMachine } from './machine';
import type { HandshakeParams } from './params';
import type { HandshakeRefusalReason } from './refusals';
import { connVariant, cryptoVerdict, signedConnEstablish } from './verdict';

/** Send this signed ConnEstablish on the connection, before anything else. */
export interface SendConnEstablishOutput { readonly kind: 'sendConnEstablish'; readonly envelope: EnvelopeOf<'conn'> }
/** The remote is authenticated; register a connection for pkiId unless `register` is false (a probe). */
export interface AuthenticatedOutput {
  readonly kind: 'authenticated';
  readonly pkiId: string;
  readonly identity: string;
  /** The PKI-ID we dialed, which the host purges (Fabric publishes it on IdentitySwitch). */
  readonly identitySwitchFrom?: string;
  /** Fabric's ConnectionInfo.Auth: the remote's signed payload (canonical encoding) and signature. */
  readonly auth: { readonly signedData: string; readonly signature: string };
  readonly register: boolean;
}
export interface RefusedOutput { readonly kind: 'refused'; readonly reason: HandshakeRefusalReason }
/** Close the stream (after a refusal, a probe, or the host's CLOSE). */
export interface ClosedOutput { readonly kind: 'closed' }

export type HandshakeMessageOutput = SendConnEstablishOutput | AuthenticatedOutput | RefusedOutput | ClosedOutput;
export type HandshakeOutput = HandshakeMessageOutput | TimerOutput<HandshakeTimerEvent>;
export type HandshakeState = ChartState<typeof handshakeMachine>;
export type HandshakeStepResult = readonly [HandshakeState, readonly HandshakeOutput[]];

export interface HandshakeEnv {
  readonly crypto: CryptoSuite;
  /** Our own key: it signs our ConnEstablish and names us (PKI-ID = pkiIdOf(key.identity)). */
  readonly key: SigningKey;
}

export interface HandshakeReducer {
  init(params: HandshakeParams): HandshakeStepResult;
  step(state: HandshakeState, event: HandshakeCommand | HandshakeTimerEvent): HandshakeStepResult;
}

const chart = machineReducer<typeof handshakeMachine, HandshakeMessageOutput>(handshakeMachine, {
  sendConnEstablish: (p: SendParams): SendConnEstablishOutput => ({ kind: 'sendConnEstablish', envelope: p.envelope }),
  authenticated: (p: AuthenticatedParams): AuthenticatedOutput => ({ kind: 'authenticated', ...p }),
  refused: (p: RefusalParams): RefusedOutput => ({ kind: 'refused', reason: p.reason }),
  closeConnection: (): ClosedOutput => ({ kind: 'closed' }),
});

type OwnConnEstablish = (params: HandshakeParams, start: HandshakeStart) => EnvelopeOf<'conn'>;

/** Verification runs only while a ConnEstablish is awaited; START is always signed (the chart ignores a late one). */
function withCrypto(env: HandshakeEnv, own: OwnConnEstablish, state: HandshakeState, event: HandshakeCommand | HandshakeTimerEvent): HandshakeEvent {
  const ctx = state.context;
  if (event.type === 'START') return { ...event, ownEnvelope: own(ctx.params, event) };
  if (event.type === 'CONN_ESTABLISH_RECEIVED' && state.value === 'awaitingConnEstablish') {
    return { ...event, verdict: cryptoVerdict(env.crypto, event.envelope, ctx.expectedIdentity) };
  }
  return event;
}

/** How many variants of our ConnEstablish a reducer keeps (START comes from a host, so they are bounded). */
const MAX_SIGNED_VARIANTS = 8;

/**
 * [SEC-MSG-CONN-ESTABLISH.1] Our ConnEstablish, signed once per variant: it is a function of our key,
 * the TLS certificate hash it carries and `probe`, and signing is deterministic in every suite
 * ([GEN-FUNC-CRYPTO-SUITE-LAWS.1]), so every connection gets the same envelope it would have signed
 * afresh. The same object for each connection also lets the remote's verification be looked up
 * rather than redone (verifyEnvelope). A peer dials and accepts once per connection: in a channel
 * join at 300 peers the handshakes were a sixth of the CPU.
 */
function signedOnce(env: HandshakeEnv): OwnConnEstablish {
  const signed = new Map<string, EnvelopeOf<'conn'>>();
  return (params, start) => {
    const variant = connVariant(params, start);
    const key = `${variant.probe}\n${variant.tlsCertHash}`;
    const known = signed.get(key);
    if (known !== undefined) return known;
    const envelope = signedConnEstablish(env.crypto, env.key, variant);
    if (signed.size < MAX_SIGNED_VARIANTS) signed.set(key, envelope);
    return envelope;
  };
}

export function createHandshakeReducer(env: HandshakeEnv): HandshakeReducer {
  const own = signedOnce(env);
  return {
    init: (params) => chart.init(params) as HandshakeStepResult,
    step: (state, event) => chart.step(state, withCrypto(env, own, state, event)) as HandshakeStepResult,
  };
}

/** The authenticated remote, once there is one. */
export const handshakeRemote = (s: HandshakeState) => s.context.remote;
export const handshakeRefusal = (s: HandshakeState): HandshakeRefusalReason | undefined => s.context.refusal;
export const isHandshakeOver = (s: HandshakeState): boolean => s.status === 'done';
