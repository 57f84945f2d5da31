/**
 * Handshake results: probes (attempt 0, reconnect to dead members) and Connect attempts
 * (attempt >= 1). The discovery chart decides which case a result is; these are its actions.
 */
import { nextNonce, type PkiId } from '../core';
import { stepConnect } from './connects';
import type { Draft } from './draft';
import { orgOfPeer, type IdentityView } from './identity-view';
import type { HandshakeResultEvent } from './inputs';
import { applyMemberEvent } from './members';
import type { MemberSnapshot } from './member-step';
import { pdelete, pget, phas, type PMap } from '../core/pmap';
import { PROBE_ATTEMPT } from './probes';
import { createAliveEnvelope, sendMembershipRequest } from './self-alive';
import type { ProbePurposes } from './state';

type HandshakeResult = HandshakeResultEvent['result'];

interface ProbeView extends IdentityView {
  readonly probes: PMap<ProbePurposes>;
  readonly members: PMap<MemberSnapshot>;
}

export const isProbe = (attempt: number): boolean => attempt === PROBE_ATTEMPT;

/** [MEM-FUNC-RECONNECT-DEAD.1] A probe result for an endpoint with no probe outstanding (a late or stray one). */
export function isStrayProbeAnswer(view: ProbeView, endpoint: string, attempt: number): boolean {
  return isProbe(attempt) && pget(view.probes, endpoint) === undefined;
}

/**
 * [MEM-FUNC-IDENTITY-SWITCH.1] The answer reports comm's identity switch from X, a member this
 * probe was made for (not the answering PKI-ID): Fabric's discovery purges X.
 */
export function reportsIdentitySwitch(view: ProbeView, endpoint: string, result: HandshakeResult): PkiId | undefined {
  if (!result.ok) return undefined;
  const switched = result.identitySwitchFrom;
  const purposes = pget(view.probes, endpoint);
  if (switched === undefined || switched === result.pkiId || purposes === undefined || !purposes.reconnect.includes(switched)) return undefined;
  return phas(view.members, switched) ? switched : undefined;
}

/** The probe is answered: it is outstanding no more. */
export function forgetProbe(d: Draft, endpoint: string): void {
  d.probes = pdelete(d.probes, endpoint);
}

/** [MEM-FUNC-IDENTITY-SWITCH.1] Purge X (its identity and msg-store entry stay); X is sent nothing. */
export function purgeSwitchedMember(d: Draft, endpoint: string, switched: PkiId, to: PkiId): void {
  if (applyMemberEvent(d, switched, { type: 'PURGE' })) {
    d.log('info', `Peer ${endpoint} changed its PKI-ID from ${switched} to ${to}: purging ${switched}`, { endpoint, from: switched, to });
  }
}

/**
 * [MEM-FUNC-RECONNECT-DEAD.1] Each dead member the probe was made for that answered itself, and is
 * still a member, gets a membership request; another PKI-ID answering is logged (unless it is the
 * identity switch just handled).
 */
export function requestProbedMembers(d: Draft, endpoint: string, answered: PkiId, switched: PkiId | undefined): void {
  const purposes = pget(d.probes, endpoint);
  if (purposes === undefined) return;
  for (const pkiId of purposes.reconnect) {
    if (pkiId !== answered) {
      if (pkiId !== switched) d.log('info', 'a different peer answers at a dead member\'s endpoint', { endpoint, expected: pkiId, got: answered });
      continue;
    }
    if (!phas(d.members, pkiId)) continue;
    sendMembershipRequest(d, { pkiId, endpoint }, createAliveEnvelope(d, true));
  }
}

/** [MEM-FUNC-CONNECT.1] The Connect chart counts a failed attempt (its guards decide what follows). */
export function failConnectAttempt(d: Draft, endpoint: string, attempt: number): void {
  stepConnect(d, endpoint, { type: 'HANDSHAKE_FAILED', attempt });
}

/**
 * [MEM-FUNC-CONNECT.1] The Connect chart hears who answered, with a fresh nonce for its request
 * and whether the remote is of our org (its org check is the chart's guard).
 */
export function passConnectAttempt(d: Draft, endpoint: string, attempt: number, pkiId: PkiId): void {
  const [nonce, prng] = nextNonce(d.prng);
  d.prng = prng;
  const inMyOrg = orgOfPeer(d, pkiId) === d.self.org;
  stepConnect(d, endpoint, { type: 'HANDSHAKE_OK', attempt, pkiId, inMyOrg, nonce });
}
