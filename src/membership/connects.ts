/** Running the Connect charts (bootstrap and anchor peers) and turning their outputs into effects. */
import { machineReducer, type TimerOutput } from '../core/xstate-step';
import {
  connectMachine,
  type ConnectEvent,
  type ConnectKind,
  type ConnectRequestParams,
  type HandshakeParams,
} from './connect-machine';
import type { Draft } from './draft';
import { isOwnEndpoint } from './endpoints';
import { parseHostPort, type AnchorPeers } from './inputs';
import { pentries, pget, pset, type PMap } from '../core/pmap';
import { createAliveEnvelope, sendMembershipRequest } from './self-alive';
import type { ConnectSnapshot } from './state';

type ConnectOut =
  | { readonly kind: 'handshake'; readonly endpoint: string; readonly attempt: number }
  | ({ readonly kind: 'connectRequest' } & ConnectRequestParams);

const connectReducer = machineReducer(connectMachine, {
  handshake: (p: HandshakeParams): ConnectOut => ({ kind: 'handshake', endpoint: p.endpoint, attempt: p.attempt }),
  sendConnectRequest: (p: ConnectRequestParams): ConnectOut => ({ kind: 'connectRequest', ...p }),
});

export function connectTimerId(endpoint: string, afterEvent: string): string {
  return `membership/connect/${endpoint}/${afterEvent}`;
}

function perform(d: Draft, endpoint: string, outs: readonly (ConnectOut | TimerOutput<unknown>)[]): void {
  for (const o of outs) {
    if (o.kind === 'setTimer') {
      const afterEvent = o.timerId;
      const timerId = connectTimerId(endpoint, afterEvent);
      d.emit({ kind: 'setTimer', timerId, delayMs: o.delayMs, event: { type: 'TIMER_FIRED', timerId, machine: 'connect', endpoint, afterEvent } });
    } else if (o.kind === 'cancelTimer') {
      d.emit({ kind: 'cancelTimer', timerId: connectTimerId(endpoint, o.timerId) });
    } else if (o.kind === 'handshake') {
      d.emit(o);
    } else {
      // [MEM-FUNC-CONNECT-INTERNAL-ENDPOINT.1] the SecretEnvelope only for a remote of my org.
      const selfInformation = createAliveEnvelope(d, o.includeInternalEndpoint);
      sendMembershipRequest(d, { pkiId: o.pkiId, endpoint: o.endpoint }, selfInformation, o.nonce);
    }
  }
}

/** Start a Connect unless the endpoint is ours or a Connect to it is still running. */
export function startConnect(d: Draft, endpoint: string, kind: ConnectKind, claimedInMyOrg: boolean): void {
  if (isOwnEndpoint(d.self, endpoint)) {
    d.log('debug', 'Skipping connecting to myself', { endpoint });
    return;
  }
  const existing = pget(d.connects, endpoint);
  if (existing !== undefined && existing.status === 'active') return;
  const [snapshot, outs] = connectReducer.init({
    endpoint,
    kind,
    claimedInMyOrg,
    maxConnectionAttempts: d.params.maxConnectionAttempts,
    reconnectIntervalMs: d.params.reconnectIntervalMs,
  });
  d.connects = pset(d.connects, endpoint, snapshot);
  perform(d, endpoint, outs);
}

/** Feed an event to the running Connect of an endpoint (ignored when there is none). */
export function stepConnect(d: Draft, endpoint: string, event: ConnectEvent | { type: string }): void {
  const current = pget(d.connects, endpoint);
  if (current === undefined || current.status !== 'active') return;
  const [next, outs] = connectReducer.step(current, event as ConnectEvent);
  d.connects = pset(d.connects, endpoint, next);
  perform(d, endpoint, outs);
}

/** [MEM-FUNC-CONNECT.1] A Connect waits in `requesting` for a response echoing this nonce (Fabric's pubsub on the nonce). */
export function answersConnect(view: { readonly connects: PMap<ConnectSnapshot> }, nonce: bigint): boolean {
  for (const [, snapshot] of pentries(view.connects)) if (isWaitingFor(snapshot, nonce)) return true;
  return false;
}

function isWaitingFor(snapshot: ConnectSnapshot, nonce: bigint): boolean {
  return snapshot.status === 'active' && snapshot.value === 'requesting' && snapshot.context.nonce === nonce;
}

/** A membership response is shown to every running Connect; the one whose nonce it echoes wakes (its chart's guard). */
export function notifyConnectResponse(d: Draft, nonce: bigint): void {
  for (const [endpoint] of pentries(d.connects)) stepConnect(d, endpoint, { type: 'RESPONSE', nonce });
}

/**
 * [MEM-FUNC-ANCHOR-PEERS.1] Record the channel's anchors (never purged); connect to each, except
 * ourselves, malformed endpoints, and foreign anchors when we have no external endpoint.
 */
export function connectToAnchors(d: Draft, ev: AnchorPeers): void {
  const valid = ev.anchors.filter((a) => parseHostPort(a.endpoint) !== undefined);
  d.anchors = { ...d.anchors, [ev.channel]: valid.map((a) => a.endpoint) };
  for (const a of valid) {
    const inMyOrg = a.org === d.self.org;
    if (!inMyOrg && d.self.externalEndpoint === '') {
      d.log('info', `Anchor peer ${a.endpoint} isn't in our org and we have no external endpoint, skipping`);
      continue;
    }
    startConnect(d, a.endpoint, 'anchor', inMyOrg);
  }
}

export function stopConnects(d: Draft): void {
  for (const [endpoint] of pentries(d.connects)) stepConnect(d, endpoint, { type: 'STOP' });
}

