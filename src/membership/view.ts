/** The discovery chart's context at start: the view of a peer that knows nobody yet. */
import { forkPrng, nanosFromMs } from '../core';
import type { MembershipInit } from './inputs';
import { DEFAULT_MEMBERSHIP_PARAMS } from './params';
import { emptyPMap } from '../core/pmap';
import type { MembershipView } from './state';
import { ViewToken } from './alive-view';

export function initialView(input: MembershipInit): MembershipView {
  return {
    config: { params: input.params, bootstrap: input.bootstrap, startTimeMs: input.startTimeMs, incNum: nanosFromMs(input.startTimeMs) },
    self: input.self,
    seqNum: 0n,
    selfAlive: undefined,
    members: emptyPMap(),
    aliveCount: 0,
    viewToken: new ViewToken(),
    identities: emptyPMap(),
    store: emptyPMap(),
    probes: emptyPMap(),
    connects: emptyPMap(),
    anchors: {},
    prng: forkPrng(input.seed, 'membership'),
  };
}

/**
 * xstate's initialTransition first builds a throw-away actor whose initial snapshot is computed
 * without input; with undefined periods the `after` timers would fire at once, forever. So a
 * missing input means a peer with Fabric's defaults and no bootstrap peers.
 */
export function placeholderView(): MembershipView {
  return initialView({
    self: { pkiId: '' as MembershipInit['self']['pkiId'], identity: '', org: '' as MembershipInit['self']['org'], internalEndpoint: 'localhost:1', externalEndpoint: '', metadata: '' },
    startTimeMs: 0,
    params: DEFAULT_MEMBERSHIP_PARAMS,
    bootstrap: [],
    seed: 0,
  });
}
