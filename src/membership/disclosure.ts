/**
 * Who may learn what about whom (Fabric's Node.disclosurePolicy, peersByOriginOrgPolicy and
 * sendAndFilterSecrets), as pure functions of the view.
 */
import type { OrgId, PkiId } from '../core';
import { withoutSecret } from '../messages';
import { orgOfPeer, type IdentityView } from './identity-view';
import type { MemberSnapshot } from './member-step';
import { pget, type PMap } from '../core/pmap';
import { aliveOf, alivePkiId, type AliveEnvelope } from './wire';

export interface PeerView extends IdentityView {
  readonly members: PMap<MemberSnapshot>;
}

export interface Disclosure {
  /** May the alive message be disclosed to the remote at all? */
  readonly sieve: (env: AliveEnvelope) => boolean;
  /** What of it: the envelope, without its SecretEnvelope outside my org. */
  readonly filter: (env: AliveEnvelope) => AliveEnvelope;
}

/**
 * [MEM-FUNC-ENVELOPE-FILTER.1] The internal endpoint leaves the org never: the SecretEnvelope is
 * kept only when the remote's org is known and is mine.
 */
export function envelopeFilterFor(view: IdentityView, remotePkiId: string): (env: AliveEnvelope) => AliveEnvelope {
  const remoteOrg = orgOfPeer(view, remotePkiId);
  if (remoteOrg !== undefined && remoteOrg === view.self.org) return (env) => env;
  return (env) => withoutSecret(env);
}

/**
 * [MEM-FUNC-DISCLOSURE-POLICY.1] For a remote R of known org: an alive message about P, whose
 * external endpoint is `endpoint`, passes iff org(P) is known, is R's or mine, and (org(P) =
 * org(R) or both P and R have an external endpoint).
 */
function discloses(view: IdentityView, remoteOrg: OrgId, remote: { readonly endpoint: string }, subject: string, endpoint: string): boolean {
  const org = orgOfPeer(view, subject);
  if (org === undefined) return false;
  if (org !== remoteOrg && org !== view.self.org) return false;
  return org === remoteOrg || (endpoint !== '' && remote.endpoint !== '');
}

/**
 * [MEM-FUNC-DISCLOSURE-POLICY.1] For a remote R: an alive message about P passes iff org(P) and
 * org(R) are known, org(P) is R's or mine, and (org(P) = org(R) or both P and R have an external
 * endpoint). Unknown org(R) discloses nothing.
 */
export function disclosurePolicy(view: IdentityView, remote: { readonly pkiId: string; readonly endpoint: string }): Disclosure {
  const remoteOrg = orgOfPeer(view, remote.pkiId);
  const filter = envelopeFilterFor(view, remote.pkiId);
  if (remoteOrg === undefined) return { sieve: () => false, filter };
  const sieve = (env: AliveEnvelope): boolean => discloses(view, remoteOrg, remote, alivePkiId(env), aliveOf(env).membership.endpoint);
  return { sieve, filter };
}

/** [MEM-FUNC-DISCLOSURE-POLICY.1] Does the sieve for `remote` pass our own alive message, advertising `ownEndpoint`? */
export function selfDisclosedTo(view: IdentityView, remote: { readonly pkiId: string; readonly endpoint: string }, ownEndpoint: string): boolean {
  const remoteOrg = orgOfPeer(view, remote.pkiId);
  return remoteOrg !== undefined && discloses(view, remoteOrg, remote, view.self.pkiId, ownEndpoint);
}

export type AliveRecipientDecision = 'deny' | 'send' | 'sendWithoutSecret';

/** Fabric's hasExternalEndpoint: the known member (or self) has a non-empty external endpoint. */
function hasExternalEndpoint(view: PeerView, pkiId: string): boolean {
  if (pkiId === view.self.pkiId) return view.self.externalEndpoint !== '';
  const m = pget(view.members, pkiId);
  return m !== undefined && m.context.endpoint !== '';
}

/**
 * [MEM-FUNC-ALIVE-ROUTING.1] May this peer push (or forward) an alive envelope to a target, and
 * with or without its SecretEnvelope? Fabric's gossipBatch rules 4-5:
 *  - origin of unknown org, or target of unknown org: deny;
 *  - origin in my org without external endpoint: only to my org;
 *  - origin in my org with one: to anyone;
 *  - foreign origin: only to my org or the origin's org, and never to a target without an
 *    external endpoint;
 *  - the SecretEnvelope is stripped for targets outside my org.
 */
export function aliveRecipientRule(view: PeerView, aliveEnvelope: AliveEnvelope, target: { readonly pkiId: PkiId }): AliveRecipientDecision {
  const originOrg = orgOfPeer(view, alivePkiId(aliveEnvelope));
  const targetOrg = orgOfPeer(view, target.pkiId);
  if (originOrg === undefined || targetOrg === undefined) return 'deny';
  const myOrg = view.self.org;
  const targetInMyOrg = targetOrg === myOrg;
  if (originOrg === myOrg) {
    if (aliveOf(aliveEnvelope).membership.endpoint === '' && !targetInMyOrg) return 'deny';
  } else {
    if (!targetInMyOrg && targetOrg !== originOrg) return 'deny';
    if (!hasExternalEndpoint(view, target.pkiId)) return 'deny';
  }
  return targetInMyOrg ? 'send' : 'sendWithoutSecret';
}
