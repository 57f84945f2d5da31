/**
 * Local safety predicates, keyed by requirement id; each returns a violation message or undefined.
 * State invariants look at one state; step invariants at one step and re-check with the crypto
 * suite itself, so a wrong guard or a wrong verdict is caught rather than trusted.
 */
import { violations, type Check, type CryptoSuite } from '../core';
import { verifyEnvelope } from '../messages';
import type { HandshakeCommand, HandshakeTimerEvent } from './inputs';
import { HandshakeRefusalReason } from './refusals';
import type { HandshakeOutput, HandshakeState } from './step';

const OUTCOME_STATES = ['authenticated', 'probed'];

export const handshakeStateInvariants: Readonly<Record<string, Check<HandshakeState>>> = {
  /** [SEC-SAFE-ONE-OUTCOME.1] a remote is known exactly in the authenticated states, a refusal exactly in `refused`. */
  'SEC-SAFE-ONE-OUTCOME.1': (s) => {
    const { remote, refusal } = s.context;
    const value = typeof s.value === 'string' ? s.value : JSON.stringify(s.value);
    if (remote !== undefined && refusal !== undefined) return `both ${remote.pkiId} authenticated and refused (${refusal})`;
    if ((value === 'refused') !== (refusal !== undefined)) return `state ${value} with refusal ${String(refusal)}`;
    if (refusal !== undefined && !HandshakeRefusalReason.is(refusal)) return `untyped refusal ${String(refusal)}`;
    if (remote !== undefined && value !== 'closed' && !OUTCOME_STATES.includes(value)) return `state ${value} knows remote ${remote.pkiId}`;
    return undefined;
  },
};

export interface HandshakeStepRecord {
  readonly before: HandshakeState;
  readonly event: HandshakeCommand | HandshakeTimerEvent;
  readonly outputs: readonly HandshakeOutput[];
  readonly after: HandshakeState;
}

export function handshakeStepInvariants(crypto: CryptoSuite): Readonly<Record<string, Check<HandshakeStepRecord>>> {
  return {
    /**
     * [SEC-SAFE-AUTHENTICATED-SIGNER.1] an authenticated PKI-ID comes from a ConnEstablish naming it,
     * whose identity is valid, hashes to it, and signed the envelope.
     */
    'SEC-SAFE-AUTHENTICATED-SIGNER.1': (r) => {
      for (const o of r.outputs) {
        if (o.kind !== 'authenticated') continue;
        const e = r.event;
        if (e.type !== 'CONN_ESTABLISH_RECEIVED' || e.envelope.payload.content.$case !== 'conn') return `${o.pkiId} authenticated on ${e.type}`;
        const conn = e.envelope.payload.content.conn;
        if (conn.pkiId !== o.pkiId || conn.identity !== o.identity) return `authenticated ${o.pkiId}, but the message named ${conn.pkiId}`;
        if (!crypto.validateIdentity(o.identity) || crypto.pkiIdOf(o.identity) !== o.pkiId) return `${o.pkiId} is not the PKI-ID of a valid identity`;
        if (!verifyEnvelope(crypto, o.identity, e.envelope)) return `${o.pkiId} authenticated without its signature`;
      }
      return undefined;
    },
    /** [SEC-SAFE-ONE-OUTCOME.1] at most one verdict per handshake, none after the first, each refusal typed. */
    'SEC-SAFE-ONE-OUTCOME.1': (r) => {
      const verdicts = r.outputs.filter((o) => o.kind === 'authenticated' || o.kind === 'refused');
      const decided = r.before.context.remote !== undefined || r.before.context.refusal !== undefined || r.before.status === 'done';
      if (verdicts.length > (decided ? 0 : 1)) return `${verdicts.length} verdicts in a step${decided ? ' after the outcome' : ''}`;
      const untyped = r.outputs.find((o) => o.kind === 'refused' && !HandshakeRefusalReason.is(o.reason));
      return untyped === undefined ? undefined : 'a refusal without a typed reason';
    },
  };
}

/** Every violated invariant of one step, as `ID: message`. */
export function handshakeViolations(crypto: CryptoSuite, r: HandshakeStepRecord): string[] {
  return [...violations(handshakeStateInvariants, r.after), ...violations(handshakeStepInvariants(crypto), r)];
}
