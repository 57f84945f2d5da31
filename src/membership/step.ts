/**
 * The membership reducer: createMembershipReducer({crypto, key}) -> { init, step }. Crypto is
 * injected; both suites are deterministic, so steps are pure functions of (state, event).
 */
import { forkPrng, nanosFromMs, type ConnectionInfo } from '../core';
import { isContent, type Envelope } from '../messages';
import { processPushedAlive } from './alive-handling';
import { forgetIdentity, recordIdentity } from './identities';
import { startConnect, stepConnect, stopConnects } from './connects';
import { discoveryContextOf } from './discovery-machine';
import { initDiscovery, performDiscoveryOutputs, stepDiscovery } from './discovery-step';
import { Draft, type MembershipEnv } from './draft';
import { receiveHandshakeResult } from './handshakes';
import { presumeDead } from './presumed-dead';
import { parseHostPort, type AnchorPeers, type MembershipEvent, type MembershipInit } from './inputs';
import { emptyPMap } from './pmap';
import { receiveMembershipRequest, receiveMembershipResponse } from './requests';
import type { MembershipOutput, MembershipState } from './state';

export type MembershipStepResult = readonly [MembershipState, readonly MembershipOutput[]];

export interface MembershipReducer {
  init(input: MembershipInit): MembershipStepResult;
  step(state: MembershipState, event: MembershipEvent): MembershipStepResult;
}

function checkSelf(env: MembershipEnv, input: MembershipInit): void {
  const { self } = input;
  const problems: string[] = [];
  if (env.key.identity !== self.identity) problems.push('the signing key is not the identity of self');
  if (env.crypto.pkiIdOf(self.identity) !== self.pkiId) problems.push('self.pkiId is not the PKI-ID of self.identity');
  if (env.crypto.orgOf(self.identity) !== self.org) problems.push('self.org is not the org of self.identity');
  if (parseHostPort(self.internalEndpoint) === undefined) problems.push(`internal endpoint ${JSON.stringify(self.internalEndpoint)} is not host:port`);
  if (problems.length > 0) throw new RangeError(`membership init: ${problems.join('; ')}`);
}

function initialState(env: MembershipEnv, input: MembershipInit): { state: MembershipState; outs: ReturnType<typeof initDiscovery>[1] } {
  checkSelf(env, input);
  const [discovery, outs] = initDiscovery(discoveryContextOf(input.params));
  const state: MembershipState = {
    config: { params: input.params, bootstrap: input.bootstrap, startTimeMs: input.startTimeMs, incNum: nanosFromMs(input.startTimeMs) },
    self: input.self,
    seqNum: 0n,
    selfAlive: undefined,
    members: emptyPMap(),
    aliveCount: 0,
    viewToken: {},
    identities: emptyPMap(),
    store: emptyPMap(),
    probes: emptyPMap(),
    connects: emptyPMap(),
    anchors: {},
    prng: forkPrng(input.seed, 'membership'),
    discovery,
  };
  return { state, outs };
}

/** [MEM-FUNC-IDENTITY-TABLE.2] the sender's identity (ConnectionInfo) is learned first. */
function receiveMessage(d: Draft, from: ConnectionInfo, envelope: Envelope): void {
  const before = { identities: d.identities, viewToken: d.viewToken };
  recordIdentity(d, from.pkiId, from.identity);
  const msg = envelope.payload;
  if (isContent(envelope, 'aliveMsg')) processPushedAlive(d, envelope, from.pkiId);
  else if (msg.content.$case === 'memReq') receiveMembershipRequest(d, from, { ...msg, content: msg.content });
  else if (msg.content.$case === 'memRes') receiveMembershipResponse(d, { ...msg, content: msg.content });
  else d.log('debug', `not a membership message: ${msg.content.$case}`);
  // [GEN-FUNC-BAD-INPUT.1] [MEM-FUNC-MEMREQ-ANTI-SPOOFING.2] a rejected message (a pushed alive
  // message, a spoofed membership request) teaches nothing, not even its sender's identity; both
  // are rejected before anything else of the state is touched.
  if (d.out.some((o) => o.kind === 'rejected')) {
    d.identities = before.identities;
    d.viewToken = before.viewToken;
    // [MEM-FUNC-IDENTITY-LEARNED.1] what was not kept was not learned.
    for (let i = d.out.length - 1; i >= 0; i--) if (d.out[i]?.kind === 'identityLearned') d.out.splice(i, 1);
  }
}

/**
 * [MEM-FUNC-ANCHOR-PEERS.1] Record the channel's anchors (never purged); connect to each, except
 * ourselves, malformed endpoints, and foreign anchors when we have no external endpoint.
 */
function receiveAnchorPeers(d: Draft, ev: AnchorPeers): void {
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

function dispatch(d: Draft, event: MembershipEvent): void {
  switch (event.type) {
    case 'MESSAGE_RECEIVED':
      return receiveMessage(d, event.from, event.envelope);
    case 'HANDSHAKE_RESULT':
      return receiveHandshakeResult(d, event);
    // [MEM-FUNC-IDENTITY-TABLE.2] an identity the composition verified (identity pull).
    case 'IDENTITY_LEARNED':
      recordIdentity(d, event.pkiId, event.identity);
      return;
    case 'IDENTITY_PURGED':
      return forgetIdentity(d, event.pkiId);
    case 'PRESUMED_DEAD':
      return presumeDead(d, event.pkiId);
    case 'ANCHOR_PEERS':
      return receiveAnchorPeers(d, event);
    case 'TIMER_FIRED':
      if (event.machine === 'discovery') return stepDiscovery(d, { type: event.afterEvent });
      return stepConnect(d, event.endpoint ?? '', { type: event.afterEvent });
    case 'STOP':
      stopConnects(d);
      return stepDiscovery(d, { type: 'STOP' });
    // [MEM-FUNC-UPDATE-SELF.1] the next alive message carries the new values.
    case 'UPDATE_METADATA':
      d.self = { ...d.self, metadata: event.metadata };
      return;
    case 'UPDATE_ENDPOINT':
      d.self = { ...d.self, externalEndpoint: event.endpoint };
      return;
  }
}

export function isStopped(state: MembershipState): boolean {
  return state.discovery.status !== 'active';
}

export function createMembershipReducer(env: MembershipEnv): MembershipReducer {
  return {
    init(input) {
      const { state, outs } = initialState(env, input);
      const d = new Draft(env, state, input.startTimeMs);
      performDiscoveryOutputs(d, outs);
      return [d.finish(), d.out];
    },
    step(state, event) {
      // [MEM-FUNC-STOP.1] a stopped discovery handles nothing.
      if (isStopped(state)) return [state, []];
      const d = new Draft(env, state, event.nowMs);
      dispatch(d, event);
      return [d.finish(), d.out];
    },
  };
}

