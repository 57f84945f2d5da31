/**
 * The discovery chart's guards: pure predicates over its context (the view) and event, one per
 * decision of spec/membership.md, each citing its requirement. The crypto they decide on was
 * checked by the reducer and rides in the event ([MEM-FUNC-CHART-CHECKS.1]).
 */
import { isAboutSelf as aboutSelf } from './checks';
import { storeCheckValid } from './alive-store';
import { answersConnect as connectWaits } from './connects';
import type { DiscoveryEvent } from './discovery-events';
import { isProbe, isStrayProbeAnswer as strayProbeAnswer, reportsIdentitySwitch as switchReported } from './handshakes';
import { hasAliveMembers as someAlive, hasSyncTargets as syncTargets, isProtectedEndpoint } from './loops';
import { pget, phas } from '../core/pmap';
import { isAliveMember as alive } from './presumed-dead';
import { isSpoofedRequest, requesterMayNotSeeUs as mayNotSeeUs } from './requests';
import type { MembershipView } from './state';
import { alivePkiId, aliveTs, type AliveEnvelope } from './wire';

type Args = { readonly context: MembershipView; readonly event: DiscoveryEvent };

/** The alive message an event carries (a request's self-information), if any. */
function aliveOfEvent(event: DiscoveryEvent): AliveEnvelope | undefined {
  switch (event.type) {
    case 'ALIVE':
    case 'MEMBERSHIP_REQUEST':
    case 'RESPONSE_ALIVE':
    case 'RESPONSE_DEAD':
      return event.envelope;
    default:
      return undefined;
  }
}

const verdictOf = (event: DiscoveryEvent) => ('check' in event ? event.check?.verdict : undefined);

/** [MEM-FUNC-ALIVE-SELF-IGNORED.1] The alive message is about ourselves. */
export const isAboutSelf = ({ context, event }: Args): boolean => {
  const env = aliveOfEvent(event);
  return env !== undefined && aboutSelf(context, env);
};

/**
 * [MEM-FUNC-MSGSTORE-POLICY.1] The msg-store holds a message of the same PKI-ID as new or newer
 * (an expired one included): this one is invalidated by it.
 */
export const isStale = ({ context, event }: Args): boolean => {
  const env = aliveOfEvent(event);
  return env !== undefined && !storeCheckValid(context.store, alivePkiId(env), aliveTs(env));
};

/** [MEM-FUNC-ALIVE-VALIDATION.2] The signature or a carried identity fails (a message never checked counts as failing). */
export const isInvalid = ({ event }: Args): boolean => {
  const verdict = verdictOf(event);
  return verdict !== 'valid' && verdict !== 'identityUnknown';
};

/** [MEM-FUNC-UNKNOWN-SIGNER-DROPPED.1] No identity is known for the signer. */
export const hasUnknownSigner = ({ event }: Args): boolean => verdictOf(event) === 'identityUnknown';

/** [MEM-FUNC-MEMREQ-HANDLE.1] [MEM-FUNC-MEMRES-HANDLE.1] Validation did not pass (for whatever reason). */
export const failsValidation = ({ event }: Args): boolean => verdictOf(event) !== 'valid';

/** A membership request from our own PKI-ID: ignored. */
export const isFromSelf = ({ context, event }: Args): boolean => event.type === 'MEMBERSHIP_REQUEST' && event.from.pkiId === context.self.pkiId;

/** [MEM-FUNC-MEMREQ-ANTI-SPOOFING.2] The request's self-information is not about its sender. */
export const isSpoofed = ({ event }: Args): boolean => event.type === 'MEMBERSHIP_REQUEST' && isSpoofedRequest(event.from, event.envelope);

/** [MEM-FUNC-MEMRES-REFUSE.1] The disclosure sieve for the requester rejects our own alive message. */
export const requesterMayNotSeeUs = ({ context, event }: Args): boolean =>
  event.type === 'ANSWER_REQUEST' && mayNotSeeUs(context, event.from, event.requesterEndpoint);

/** [MEM-FUNC-MEMRES-HANDLE.1] A Connect waits for a response with this nonce. */
export const answersConnect = ({ context, event }: Args): boolean => event.type === 'MEMBERSHIP_RESPONSE' && connectWaits(context, event.nonce);

/** [MEM-FUNC-MEMRES-HANDLE.1] A dead entry about ourselves or a member we know: nothing to learn. */
export const isAboutSelfOrKnownMember = ({ context, event }: Args): boolean => {
  const env = aliveOfEvent(event);
  if (env === undefined) return false;
  const pkiId = alivePkiId(env);
  return pkiId === context.self.pkiId || phas(context.members, pkiId);
};

/**
 * The answering identity cannot be learned: the handshake failed, we answered ourselves, or its
 * identity fails its check. The reducer checks `remote` only when the result is ok and not ours
 * (admission.ts), so an unchecked `remote` stands for the first two.
 */
const answerFailed = (event: DiscoveryEvent): boolean => event.type === 'HANDSHAKE_RESULT' && (event.remote === undefined || !event.remote.ok);

/** [MEM-FUNC-RECONNECT-DEAD.1] A probe result with no probe outstanding at its endpoint. */
export const isStrayProbeAnswer = ({ context, event }: Args): boolean =>
  event.type === 'HANDSHAKE_RESULT' && strayProbeAnswer(context, event.endpoint, event.attempt);

/** [MEM-FUNC-RECONNECT-DEAD.1] A probe that reached nobody we could learn. */
export const isFailedProbe = ({ event }: Args): boolean => event.type === 'HANDSHAKE_RESULT' && isProbe(event.attempt) && answerFailed(event);

/** [MEM-FUNC-IDENTITY-SWITCH.1] The probe's answer reports an identity switch from a member it was made for. */
export const reportsIdentitySwitch = ({ context, event }: Args): boolean =>
  event.type === 'HANDSHAKE_RESULT' && isProbe(event.attempt) && switchReported(context, event.endpoint, event.result) !== undefined;

/** [MEM-FUNC-RECONNECT-DEAD.1] A probe's answer. */
export const isProbeAnswer = ({ event }: Args): boolean => event.type === 'HANDSHAKE_RESULT' && isProbe(event.attempt);

/** [MEM-FUNC-CONNECT.1] A Connect attempt that reached nobody we could learn. */
export const isFailedHandshake = ({ event }: Args): boolean => answerFailed(event);

/** [MEM-FUNC-PRESUMED-DEAD.1] Comm presumes an alive member dead. */
export const isAliveMember = ({ context, event }: Args): boolean => event.type === 'PRESUMED_DEAD' && alive(context, event.pkiId);

/** [MEM-FUNC-IDENTITY-PURGED.1] The purged identity's PKI-ID is a member. */
export const isKnownMember = ({ context, event }: Args): boolean => event.type === 'IDENTITY_PURGED' && pget(context.members, event.pkiId) !== undefined;

/** [MEM-FUNC-PURGE.1] The expired entry is a bootstrap or anchor peer's. */
export const isBootstrapOrAnchor = ({ context, event }: Args): boolean =>
  event.type === 'STORE_ENTRY_EXPIRED' && isProtectedEndpoint(context, event.endpoint, event.internalEndpoint);

/** [MEM-FUNC-NO-SIGNING-WHEN-ALONE.1] Some member is alive. */
export const hasAliveMembers = ({ context }: Args): boolean => someAlive(context);

/** [MEM-FUNC-SYNC.1] [MEM-FUNC-NO-SIGNING-WHEN-ALONE.1] min(pullPeerNum, alive count) > 0. */
export const hasSyncTargets = ({ context }: Args): boolean => syncTargets(context);
