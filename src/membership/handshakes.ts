/** Handshake results: probes (attempt 0) and Connect attempts (attempt >= 1). */
import { nextNonce } from '../core';
import { stepConnect } from './connects';
import type { Draft } from './draft';
import { orgOfPeer, recordIdentity } from './identities';
import { applyMemberEvent } from './members';
import type { HandshakeResultEvent } from './inputs';
import { pdelete, pget, phas } from './pmap';
import { PROBE_ATTEMPT } from './probes';
import { createAliveEnvelope, sendMembershipRequest } from './self-alive';

export function receiveHandshakeResult(d: Draft, ev: HandshakeResultEvent): void {
  if (ev.attempt === PROBE_ATTEMPT) resolveProbe(d, ev);
  else resolveConnectAttempt(d, ev);
}

/**
 * [MEM-FUNC-IDENTITY-TABLE.2] a successful handshake teaches the remote's identity;
 * [MEM-FUNC-CONNECT.1] the Connect chart decides what follows (the org check is its guard).
 */
function resolveConnectAttempt(d: Draft, ev: HandshakeResultEvent): void {
  const r = ev.result;
  if (!r.ok || r.pkiId === d.self.pkiId || recordIdentity(d, r.pkiId, r.identity) === 'rejected') {
    stepConnect(d, ev.endpoint, { type: 'HANDSHAKE_FAILED', attempt: ev.attempt });
    return;
  }
  const [nonce, prng] = nextNonce(d.prng);
  d.prng = prng;
  const inMyOrg = orgOfPeer(d, r.pkiId) === d.self.org;
  stepConnect(d, ev.endpoint, { type: 'HANDSHAKE_OK', attempt: ev.attempt, pkiId: r.pkiId, inMyOrg, nonce });
}

/** [MEM-FUNC-RECONNECT-DEAD.1] a dead member that answers gets a membership request. */
function resolveProbe(d: Draft, ev: HandshakeResultEvent): void {
  const purposes = pget(d.probes, ev.endpoint);
  if (purposes === undefined) return;
  d.probes = pdelete(d.probes, ev.endpoint);
  const r = ev.result;
  if (!r.ok || r.pkiId === d.self.pkiId || recordIdentity(d, r.pkiId, r.identity) === 'rejected') return;
  const switched = r.identitySwitchFrom;
  // [MEM-FUNC-IDENTITY-SWITCH.1] Fabric's discovery purges the PKI-ID comm reports on IdentitySwitch();
  // only one this probe was made for (a host cannot purge an arbitrary member this way).
  if (switched !== undefined && switched !== r.pkiId && purposes.reconnect.includes(switched) && applyMemberEvent(d, switched, { type: 'PURGE' })) {
    d.log('info', `Peer ${ev.endpoint} changed its PKI-ID from ${switched} to ${r.pkiId}: purging ${switched}`, { endpoint: ev.endpoint, from: switched, to: r.pkiId });
  }
  for (const pkiId of purposes.reconnect) {
    if (pkiId !== r.pkiId) {
      if (pkiId !== switched) d.log('info', 'a different peer answers at a dead member\'s endpoint', { endpoint: ev.endpoint, expected: pkiId, got: r.pkiId });
      continue;
    }
    if (!phas(d.members, pkiId)) continue;
    sendMembershipRequest(d, { pkiId, endpoint: ev.endpoint }, createAliveEnvelope(d, true));
  }
}
