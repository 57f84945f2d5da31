/**
 * The discovery chart's named actions. Each is pure: from the chart's context (the view) and
 * event it runs one helper on a step-local Draft, then assigns the fields the helper replaced and
 * lists the helper's outputs, in order, as `output` actions (the reducer hands those to the host),
 * and raises the internal events the helper raised. Which action runs is the chart's decision;
 * what it does is the helper's.
 */
import { enqueueActions } from 'xstate';
import type { PkiId } from '../core';
import { forwardAlive, handleAlive, learnDeadMember, rejectPushedAlive, reportIdentityUsed, warnIfImpersonated } from './alive-handling';
import { storeAdd } from './alive-store';
import { connectToAnchors, notifyConnectResponse, stepConnect, stopConnects } from './connects';
import { Draft, type MembershipEnv } from './draft';
import type { DiscoveryEvent } from './discovery-events';
import { failConnectAttempt, forgetProbe, passConnectAttempt, purgeSwitchedMember, reportsIdentitySwitch, requestProbedMembers } from './handshakes';
import { forgetIdentity, learnCheckedIdentity, logRejectedIdentity, purgeMemberOfPurgedIdentity, recordIdentity } from './identities';
import {
  connectToBootstrapPeers,
  expireMsgStore,
  expireSilentMembers,
  keepProtectedMember,
  probeDeadMembers,
  purgeExpiredMember,
  sendAlive,
  syncWithRandomMembers,
} from './loops';
import { presumeDead } from './presumed-dead';
import { refuseRequester, rejectSpoofedRequest, sendMembershipResponse } from './requests';
import type { MembershipOutput, MembershipView } from './state';
import type { AliveEnvelope } from './wire';

/** The chart's one output action: its params are a membership output. */
export const OUTPUT_ACTION = 'output' as const;
/** The assign every named action enqueues: its params are the view's fields the action replaced. */
export const APPLY_CHANGES_ACTION = 'applyChanges' as const;

type Body = (d: Draft, event: DiscoveryEvent) => void;

/** The time of an event: its `nowMs` (the initial event carries the start time in its input). */
function nowOf(event: DiscoveryEvent | { readonly type: 'xstate.init'; readonly input?: { readonly startTimeMs?: number } }): number {
  if ('nowMs' in event) return event.nowMs;
  return 'input' in event ? (event.input?.startTimeMs ?? 0) : 0;
}

/** A named action running `body` on a draft of the view (see the header). */
function act(env: MembershipEnv, body: Body) {
  type Enqueued = { type: typeof OUTPUT_ACTION; params: unknown } | { type: typeof APPLY_CHANGES_ACTION; params: Partial<MembershipView> };
  return enqueueActions<MembershipView, DiscoveryEvent, undefined, DiscoveryEvent, never, Enqueued, never, never, never>(({ context, event, enqueue }) => {
    const d = new Draft(env, context, nowOf(event));
    body(d, event);
    const changes = d.changes();
    if (changes !== undefined) enqueue({ type: APPLY_CHANGES_ACTION, params: changes });
    for (const output of d.out) enqueue({ type: OUTPUT_ACTION, params: output satisfies MembershipOutput });
    if (d.raised !== undefined) for (const raised of d.raised) enqueue.raise(raised);
  });
}

/** The alive message an event carries (a request's self-information); the guards made sure there is one. */
function aliveOf(event: DiscoveryEvent): AliveEnvelope {
  if (event.type === 'ALIVE' || event.type === 'MEMBERSHIP_REQUEST' || event.type === 'RESPONSE_ALIVE' || event.type === 'RESPONSE_DEAD') return event.envelope;
  throw new TypeError(`discovery chart: ${event.type} carries no alive message`);
}

function only<T extends DiscoveryEvent['type']>(event: DiscoveryEvent, type: T): Extract<DiscoveryEvent, { type: T }> {
  if (event.type !== type) throw new TypeError(`discovery chart: an action for ${type} ran on ${event.type}`);
  return event as Extract<DiscoveryEvent, { type: T }>;
}

/** Every named action of the discovery chart, built for one env (crypto and key). */
export function discoveryActions(env: MembershipEnv) {
  const a = (body: Body) => act(env, body);
  return {
    // Identities ([MEM-FUNC-IDENTITY-TABLE.2]; rejected ones are logged).
    learnSenderIdentity: a((d, e) => {
      if ('sender' in e) learnCheckedIdentity(d, e.sender);
    }),
    learnSignerIdentity: a((d, e) => {
      const carried = 'check' in e ? e.check?.carried : undefined;
      if (carried !== undefined) learnCheckedIdentity(d, carried);
    }),
    learnRemoteIdentity: a((d, e) => {
      if (e.type === 'HANDSHAKE_RESULT' && e.remote !== undefined) learnCheckedIdentity(d, e.remote);
    }),
    logRejectedIdentities: a((d, e) => {
      if ('sender' in e) logRejectedIdentity(d, e.sender);
      if ('check' in e && e.check?.carried !== undefined) logRejectedIdentity(d, e.check.carried);
      if (e.type === 'HANDSHAKE_RESULT' && e.remote !== undefined) logRejectedIdentity(d, e.remote);
    }),
    learnIdentity: a((d, e) => {
      const ev = only(e, 'IDENTITY_LEARNED');
      recordIdentity(d, ev.pkiId, ev.identity);
    }),
    forgetIdentity: a((d, e) => forgetIdentity(d, only(e, 'IDENTITY_PURGED').pkiId)),
    purgeMember: a((d, e) => purgeMemberOfPurgedIdentity(d, only(e, 'IDENTITY_PURGED').pkiId)),

    // Alive messages.
    warnIfImpersonated: a((d, e) => warnIfImpersonated(d, aliveOf(e))),
    rejectInvalid: a((d, e) => rejectPushedAlive(d, aliveOf(e), 'invalid')),
    rejectUnknownSigner: a((d, e) => rejectPushedAlive(d, aliveOf(e), 'identityUnknown')),
    store: a((d, e) => storeAdd(d, aliveOf(e))),
    reportIdentityUsed: a((d, e) => reportIdentityUsed(d, aliveOf(e))),
    handleAlive: a((d, e) => handleAlive(d, aliveOf(e))),
    forward: a((d, e) => forwardAlive(d, aliveOf(e), only(e, 'ALIVE').from.pkiId)),
    learnDeadMember: a((d, e) => learnDeadMember(d, aliveOf(e))),
    logOtherMessage: a((d, e) => d.log('debug', `not a membership message: ${only(e, 'OTHER_MESSAGE').content}`)),

    // Membership requests and responses.
    rejectSpoofedRequest: a((d, e) => {
      const ev = only(e, 'MEMBERSHIP_REQUEST');
      rejectSpoofedRequest(d, ev.from, ev.envelope);
    }),
    refuseRequester: a((d, e) => refuseRequester(d, only(e, 'ANSWER_REQUEST').from)),
    sendMembershipResponse: a((d, e) => {
      const ev = only(e, 'ANSWER_REQUEST');
      sendMembershipResponse(d, ev.from, ev.requesterEndpoint, ev.nonce);
    }),
    wakeConnect: a((d, e) => notifyConnectResponse(d, only(e, 'MEMBERSHIP_RESPONSE').nonce)),

    // Handshake results.
    forgetProbe: a((d, e) => forgetProbe(d, only(e, 'HANDSHAKE_RESULT').endpoint)),
    purgeSwitchedMember: a((d, e) => {
      const ev = only(e, 'HANDSHAKE_RESULT');
      const switched = reportsIdentitySwitch(d, ev.endpoint, ev.result);
      if (switched !== undefined && ev.result.ok) purgeSwitchedMember(d, ev.endpoint, switched, ev.result.pkiId);
    }),
    requestProbedMembers: a((d, e) => {
      const ev = only(e, 'HANDSHAKE_RESULT');
      if (ev.result.ok) requestProbedMembers(d, ev.endpoint, ev.result.pkiId, ev.result.identitySwitchFrom);
    }),
    failConnectAttempt: a((d, e) => {
      const ev = only(e, 'HANDSHAKE_RESULT');
      failConnectAttempt(d, ev.endpoint, ev.attempt);
    }),
    passConnectAttempt: a((d, e) => {
      const ev = only(e, 'HANDSHAKE_RESULT');
      if (ev.result.ok) passConnectAttempt(d, ev.endpoint, ev.attempt, ev.result.pkiId);
    }),

    // Commands.
    presumeDead: a((d, e) => presumeDead(d, only(e, 'PRESUMED_DEAD').pkiId as PkiId)),
    connectToAnchors: a((d, e) => connectToAnchors(d, only(e, 'ANCHOR_PEERS'))),
    updateMetadata: a((d, e) => {
      d.self = { ...d.self, metadata: only(e, 'UPDATE_METADATA').metadata };
    }),
    updateEndpoint: a((d, e) => {
      d.self = { ...d.self, externalEndpoint: only(e, 'UPDATE_ENDPOINT').endpoint };
    }),
    stepConnectTimer: a((d, e) => {
      const ev = only(e, 'CONNECT_TIMER');
      stepConnect(d, ev.endpoint, { type: ev.afterEvent });
    }),
    stopConnects: a((d) => stopConnects(d)),

    // The loops.
    connectToBootstrapPeers: a((d) => connectToBootstrapPeers(d)),
    sendAlive: a((d) => sendAlive(d)),
    expireSilentMembers: a((d) => expireSilentMembers(d)),
    syncWithRandomMembers: a((d) => syncWithRandomMembers(d)),
    probeDeadMembers: a((d) => probeDeadMembers(d)),
    expireMsgStore: a((d) => expireMsgStore(d)),
    keepProtectedMember: a((d, e) => keepProtectedMember(d, only(e, 'STORE_ENTRY_EXPIRED').endpoint)),
    purgeExpiredMember: a((d, e) => {
      const ev = only(e, 'STORE_ENTRY_EXPIRED');
      purgeExpiredMember(d, ev.pkiId, ev.endpoint, ev.internalEndpoint);
    }),
  };
}
