/**
 * What the discovery chart is fed: each membership input as the chart's event, with the checks
 * that need crypto added ([MEM-FUNC-CHART-CHECKS.1]). Identities are checked, and signatures
 * verified, only where the chart would look at the result: a message about ourselves, or one the
 * msg-store invalidates, costs no signature check, as in Fabric, which checks the store first.
 */
import type { ConnectionInfo } from '../core';
import { isContent, type Envelope } from '../messages';
import { storeCheckValid } from './alive-store';
import type { DiscoveryEvent, ResponseEntry } from './discovery-events';
import type { MembershipEnv } from './draft';
import { isProbe } from './handshakes';
import { checkAlive, checkIdentity, isAboutSelf, type AliveCheck, type IdentityCheck } from './checks';
import type { HandshakeResultEvent, MembershipEvent } from './inputs';
import { pget, phas } from '../core/pmap';
import { isSpoofedRequest } from './requests';
import type { MembershipView } from './state';
import { alivePkiId, aliveTs, type AliveEnvelope } from './wire';

/**
 * [MEM-FUNC-CHART-CHECKS.1] A pushed alive message's signature is checked only when the chart
 * would look at it: not about ourselves, and newer than what the msg-store holds (Fabric checks the
 * store before it verifies, so a duplicate costs no signature check).
 */
function pushedAliveCheck(env: MembershipEnv, view: MembershipView, envelope: AliveEnvelope, sender: IdentityCheck): AliveCheck | undefined {
  if (isAboutSelf(view, envelope) || !storeCheckValid(view.store, alivePkiId(envelope), aliveTs(envelope))) return undefined;
  return checkAlive(env.crypto, view, envelope, sender);
}

/** [MEM-FUNC-CHART-CHECKS.1] A response's alive entry: as a pushed one, the sender being learned already. */
function responseAliveCheck(env: MembershipEnv, view: MembershipView, envelope: AliveEnvelope): AliveCheck | undefined {
  if (isAboutSelf(view, envelope) || !storeCheckValid(view.store, alivePkiId(envelope), aliveTs(envelope))) return undefined;
  return checkAlive(env.crypto, view, envelope);
}

/** [MEM-FUNC-CHART-CHECKS.1] A response's dead entry is looked at only if it could be learned (an unknown PKI-ID). */
function responseDeadCheck(env: MembershipEnv, view: MembershipView, envelope: AliveEnvelope): AliveCheck | undefined {
  const pkiId = alivePkiId(envelope);
  if (pkiId === view.self.pkiId || phas(view.members, pkiId) || !storeCheckValid(view.store, pkiId, aliveTs(envelope))) return undefined;
  return checkAlive(env.crypto, view, envelope);
}

/** [MEM-FUNC-CHART-CHECKS.1] A request's self-information is checked unless it is ours or spoofed (the chart drops those first). */
function requestCheck(env: MembershipEnv, view: MembershipView, from: ConnectionInfo, selfInformation: AliveEnvelope, sender: IdentityCheck): AliveCheck | undefined {
  if (from.pkiId === view.self.pkiId || isSpoofedRequest(from, selfInformation)) return undefined;
  return checkAlive(env.crypto, view, selfInformation, sender);
}

/** [MEM-FUNC-CHART-CHECKS.1] The answering identity of a handshake, checked when it could be learned. */
function remoteCheck(env: MembershipEnv, view: MembershipView, ev: HandshakeResultEvent): IdentityCheck | undefined {
  const r = ev.result;
  if (!r.ok || r.pkiId === view.self.pkiId) return undefined;
  if (isProbe(ev.attempt) && pget(view.probes, ev.endpoint) === undefined) return undefined;
  return checkIdentity(env.crypto, r.pkiId, r.identity);
}

/** The chart's event for a received message (a membership response: for the response itself; its entries follow). */
export function messageEvent(env: MembershipEnv, view: MembershipView, nowMs: number, from: ConnectionInfo, envelope: Envelope): DiscoveryEvent {
  // [MEM-FUNC-IDENTITY-TABLE.2] the sender's identity (ConnectionInfo) is offered first.
  const sender = checkIdentity(env.crypto, from.pkiId, from.identity);
  if (isContent(envelope, 'aliveMsg')) return { type: 'ALIVE', nowMs, from, envelope, sender, check: pushedAliveCheck(env, view, envelope, sender) };
  const msg = envelope.payload;
  if (msg.content.$case === 'memReq') {
    const selfInformation = msg.content.memReq.selfInformation;
    return { type: 'MEMBERSHIP_REQUEST', nowMs, from, envelope: selfInformation, nonce: msg.nonce, sender, check: requestCheck(env, view, from, selfInformation, sender) };
  }
  if (msg.content.$case === 'memRes') return { type: 'MEMBERSHIP_RESPONSE', nowMs, from, nonce: msg.nonce, sender };
  return { type: 'OTHER_MESSAGE', nowMs, from, content: msg.content.$case, sender };
}

/** The chart's event for any other input (undefined: not one the chart handles). */
export function commandEvent(env: MembershipEnv, view: MembershipView, event: Exclude<MembershipEvent, { type: 'MESSAGE_RECEIVED' }>): DiscoveryEvent | undefined {
  switch (event.type) {
    case 'HANDSHAKE_RESULT':
      return { ...event, remote: remoteCheck(env, view, event) };
    case 'TIMER_FIRED':
      // Only the charts' own `after` timers: a made-up afterEvent (STOP, say) is not a timer and
      // must not reach a chart as an event.
      if (!event.afterEvent.startsWith('xstate.after.')) return undefined;
      if (event.machine === 'connect') return { type: 'CONNECT_TIMER', nowMs: event.nowMs, endpoint: event.endpoint ?? '', afterEvent: event.afterEvent };
      return { type: event.afterEvent as `xstate.after.${string}`, nowMs: event.nowMs };
    default:
      return event;
  }
}

/** [MEM-FUNC-MEMRES-HANDLE.1] One entry of a membership response, checked against the view the previous entry left. */
export function responseEntryEvent(env: MembershipEnv, view: MembershipView, type: ResponseEntry['type'], nowMs: number, envelope: AliveEnvelope): ResponseEntry {
  const check = type === 'RESPONSE_ALIVE' ? responseAliveCheck(env, view, envelope) : responseDeadCheck(env, view, envelope);
  return { type, nowMs, envelope, check };
}
