/**
 * Building a peer: its reducer (crypto and keys injected once) and its init from Fabric
 * configuration. The reducer is a PeerReducer a host (src/sim, a test, a runtime) can drive.
 */
import { emptyTimerTable, forkPrng, type CryptoSuite, type Effect, type PeerReducer, type PkiId, type SigningKey } from '../core';
import { createChannelReducer } from '../channel';
import type { GossipConfig } from '../config';
import { createDisseminationReducer, verifyBlock } from '../dissemination';
import { emitterReducer } from '../emitter';
import { createPullReducer } from '../pull';
import { createMembershipReducer } from '../membership';
import { createIdentityStoreReducer, DEFAULT_IDENTITY_STORE_PARAMS } from '../security/identity';
import { createStateTransferReducer, type StateTransferReducer } from '../statetransfer';
import type { Acc, PeerEnv } from './acc';
import { JOINED_CHANNEL_KEY, rejoinChannel } from './channels';
import { run } from './engine';
import { initIdentityPull } from './identity-pull';
import { emitterAt, identitiesAt, membershipAt } from './instances';
import { emitterParamsOf, membershipParamsOf } from './params';
import { outputs } from './signals';
import type { PeerSelf, PeerState } from './state';
import { finishStep, stepPeer } from './step';

export interface PeerStart {
  readonly self: PeerSelf;
  readonly config: GossipConfig;
  readonly startTimeMs: number;
  readonly seed: number;
  readonly metadata?: string;
  readonly ledgerHeights?: Readonly<Record<string, number>>;
  /** Stable storage from before a restart (`persist` effects): the channels to rejoin. */
  readonly durable?: Readonly<Record<string, unknown>>;
  /**
   * The identity store's usage threshold (Fabric's SetIdentityUsageThreshold, a process-wide
   * variable there, not in core.yaml); default one hour ([SEC-PARAM-IDENTITY-USAGE-THRESHOLD.1]).
   */
  readonly identityUsageThresholdMs?: number;
}

/** One peer's environment: its crypto, its key and the subsystem reducers built with them. */
export function createPeerEnv(crypto: CryptoSuite, key: SigningKey, trustedOrderers: readonly string[]): PeerEnv {
  const stateTransfers = new Map<string, StateTransferReducer>();
  return {
    crypto,
    key,
    membership: createMembershipReducer({ crypto, key }),
    dissemination: createDisseminationReducer({ crypto, trustedOrderers, reportStored: true, reportBufferSize: true }),
    pull: createPullReducer(),
    identities: createIdentityStoreReducer({ crypto }),
    channel: createChannelReducer({ crypto, key }),
    // [PEER-FUNC-STATE-TRANSFER.2] Fabric's MCSAdapter.VerifyBlock for the channel: the very check dissemination applies.
    stateTransfer(channel) {
      let reducer = stateTransfers.get(channel);
      if (reducer === undefined) {
        reducer = createStateTransferReducer({ verifyBlock: (seq, block) => verifyBlock(crypto, trustedOrderers, channel, seq, block) });
        stateTransfers.set(channel, reducer);
      }
      return reducer;
    },
  };
}

/** Crypto and each peer's key, injected once; environments are cached per PKI-ID. */
export function createPeerReducer(
  crypto: CryptoSuite,
  keyOf: (pki: PkiId) => SigningKey | undefined,
  /** Identities of the ordering service whose signatures make a block valid (VerifyBlock). */
  trustedOrderers: readonly string[] = [],
): PeerReducer<PeerState> & {
  init(start: PeerStart): readonly [PeerState, readonly Effect[]];
} {
  const envs = new Map<string, PeerEnv>();
  const envOf = (pki: PkiId): PeerEnv => {
    let env = envs.get(pki);
    if (env === undefined) {
      const key = keyOf(pki);
      if (key === undefined) throw new RangeError(`no signing key for peer ${pki}`);
      env = createPeerEnv(crypto, key, trustedOrderers);
      envs.set(pki, env);
    }
    return env;
  };
  return {
    step: (state, input) => stepPeer(envOf(state.self.pkiId), state, input),
    /**
     * Throws when the peer cannot start: a self that does not match its key, or (as Fabric's
     * NewIdentityMapper panics) an own identity the identity store refuses, e.g. already expired.
     */
    init(start) {
      const env = envOf(start.self.pkiId);
      // [PEER-FUNC-IDENTITY-STORE.1] [SEC-FUNC-IDENTITY-SELF.1] our own identity goes in first; the store throws if it cannot.
      const [identities, identityOuts] = env.identities.init({
        selfIdentity: start.self.identity,
        nowMs: start.startTimeMs,
        params: { usageThresholdMs: start.identityUsageThresholdMs ?? DEFAULT_IDENTITY_STORE_PARAMS.usageThresholdMs },
      });
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
        identities,
        channels: {},
        initialHeights: start.ledgerHeights ?? {},
        routing: forkPrng(start.seed, 'routing'),
        timers: emptyTimerTable(start.startTimeMs),
        rejected: {},
        stopped: false,
      };
      const acc: Acc = { env, nowMs: start.startTimeMs, state: state as PeerState, effects: [] };
      run(acc, [outputs(identitiesAt, identityOuts), ...initIdentityPull(env, state), outputs(emitterAt, emitterOuts), outputs(membershipAt, membershipOuts)]);
      const durable = start.durable ?? {};
      for (const key of Object.keys(durable).sort()) {
        if (key.startsWith(JOINED_CHANNEL_KEY)) run(acc, rejoinChannel({ state: acc.state, env, nowMs: acc.nowMs }, key, durable[key]));
      }
      return finishStep(acc);
    },
  };
}
