/**
 * Building a peer: its reducer (crypto and keys injected once) and its init from Fabric
 * configuration. The reducer is a PeerReducer a host (src/sim, a test, a runtime) can drive.
 */
import { emptyTimerTable, forkPrng, type CryptoSuite, type Effect, type PeerReducer, type PkiId, type SigningKey } from '../core';
import type { GossipConfig } from '../config';
import { createDisseminationReducer } from '../dissemination';
import { emitterReducer } from '../emitter';
import { createPullReducer } from '../pull';
import { createMembershipReducer } from '../membership';
import type { Acc, PeerEnv } from './acc';
import { namespaced } from './timers';
import { emitterParamsOf, membershipParamsOf } from './params';
import type { PeerSelf, PeerState } from './state';
import { finishStep, stepPeer } from './step';
import { rejoinChannels } from './channels';
import { performMembershipOutputs } from './membership-glue';
import { initIdentityPull } from './identity-pull';

export interface PeerStart {
  readonly self: PeerSelf;
  readonly config: GossipConfig;
  readonly startTimeMs: number;
  readonly seed: number;
  readonly metadata?: string;
  readonly ledgerHeights?: Readonly<Record<string, number>>;
  /** Stable storage from before a restart (`persist` effects): the channels to rejoin. */
  readonly durable?: Readonly<Record<string, unknown>>;
}

/** Crypto and each peer's key, injected once; reducers are cached per PKI-ID. */
export function createPeerReducer(
  crypto: CryptoSuite,
  keyOf: (pki: PkiId) => SigningKey | undefined,
  /** Identities of the ordering service whose signatures make a block valid (VerifyBlock). */
  trustedOrderers: readonly string[] = [],
): PeerReducer<PeerState> & {
  init(start: PeerStart): readonly [PeerState, readonly Effect[]];
} {
  const envs = new Map<string, PeerEnv>();
  const dissemination = createDisseminationReducer({ crypto, trustedOrderers, reportStored: true });
  const pull = createPullReducer();
  const envOf = (pki: PkiId): PeerEnv => {
    let env = envs.get(pki);
    if (env === undefined) {
      const key = keyOf(pki);
      if (key === undefined) throw new RangeError(`no signing key for peer ${pki}`);
      env = { crypto, key, membership: createMembershipReducer({ crypto, key }), dissemination, pull };
      envs.set(pki, env);
    }
    return env;
  };
  return {
    step: (state, input) => stepPeer(envOf(state.self.pkiId), state, input),
    init(start) {
      const env = envOf(start.self.pkiId);
      const [membership, membershipOuts] = env.membership.init({
        self: { ...start.self, metadata: start.metadata ?? '' },
        startTimeMs: start.startTimeMs,
        params: membershipParamsOf(start.config),
        bootstrap: start.config.bootstrap,
        seed: start.seed,
      });
      const [emitter, emitterOuts] = emitterReducer.init(emitterParamsOf(start.config));
      const state: Omit<PeerState, 'identityPull'> = {
        self: start.self,
        config: start.config,
        seed: start.seed,
        membership,
        emitter,
        channels: {},
        initialHeights: start.ledgerHeights ?? {},
        routing: forkPrng(start.seed, 'routing'),
        timers: emptyTimerTable(start.startTimeMs),
        rejected: {},
        stopped: false,
      };
      // A new emitter is idle: it has no timer to arm and nothing to emit.
      const acc: Acc = { env, nowMs: start.startTimeMs, state: state as PeerState, effects: [] };
      initIdentityPull(acc);
      for (const o of emitterOuts) if (o.kind !== 'gossipBatch') acc.effects.push(namespaced({ subsystem: 'emitter' }, o));
      performMembershipOutputs(acc, membershipOuts);
      rejoinChannels(acc, start.durable ?? {});
      return finishStep(acc);
    },
  };
}
