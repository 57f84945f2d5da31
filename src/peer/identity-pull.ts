/**
 * Identity pull (Fabric's certstore, §5.3): a node-level instance of the pull engine whose items are
 * signed PeerIdentity messages keyed by PKI-ID, pulled from every alive member (IDENTITY_MSG, tag
 * EMPTY, channel ""). It starts with this peer's own signed identity as its only item; what it
 * learns goes to the membership identity table (admission/identity.ts).
 */
import { fnv1a64Hex } from '../core';
import { signMessage } from '../messages';
import type { PeerEnv } from './acc';
import { identityPullAt } from './instances';
import { pullParamsOf } from './params';
import { input, outputs, update, type Signal } from './signals';
import { withPeerState, type IdentityEnvelope, type PeerState } from './state';

/** [PEER-MSG-PEER-IDENTITY.1] PeerIdentity{pki_id, cert, metadata}, signed by the identity itself. */
function ownIdentityMessage(env: PeerEnv, state: Omit<PeerState, 'identityPull'>): IdentityEnvelope {
  const { pkiId, identity } = state.self;
  return signMessage(env.crypto, env.key, { nonce: 0n, channel: '', tag: 'EMPTY', content: { $case: 'peerIdentity', peerIdentity: { pkiId, cert: identity, metadata: '' } } });
}

/** [PEER-FUNC-IDENTITY-PULL.1] The engine starts with our own signed identity as its only item. */
export function initIdentityPull(env: PeerEnv, state: Omit<PeerState, 'identityPull'>): readonly Signal[] {
  const seed = Number.parseInt(fnv1a64Hex(`${state.seed}|identities`).slice(0, 8), 16) | 0;
  const [engine, outs] = env.pull.init({ selfId: state.self.pkiId, seed, params: pullParamsOf(state.config) });
  const identityPull = { engine, items: { [state.self.pkiId]: ownIdentityMessage(env, state) }, peers: [] };
  return [
    update((s) => withPeerState(s, { identityPull })),
    outputs(identityPullAt, outs),
    input(identityPullAt, { type: 'ITEMS_ADDED', ids: [state.self.pkiId] }),
  ];
}
