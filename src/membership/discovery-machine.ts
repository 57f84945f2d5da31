/**
 * The peer-level chart of discovery: its context is the peer's view (MembershipView), and every
 * membership input is one of its events. Each decision of spec/membership.md is a guarded
 * transition: alive validation and the msg-store check, forwarding, membership requests (spoofing,
 * validation, disclosure) and responses, handshake results (probes, identity switch, Connect
 * attempts), presumed-dead, identity purge, and the msg-store's expiry; Fabric's goroutines
 * (periodicalSendAlive, periodicalCheckAlive, syncDiscovery, periodicalReconnectToDead, the
 * msg-store expiration ticker) are parallel regions with named delays, so every period appears in
 * the diagram under its Fabric name. Guards are pure predicates (discovery-guards.ts); actions are
 * pure and call the helpers (discovery-actions.ts). One remote member's lifecycle is its own chart
 * (member-machine.ts), and one Connect's too (connect-machine.ts). The machine is built per
 * reducer, because its actions sign with the peer's key.
 */
import { assign, raise, setup } from 'xstate';
import type { CryptoSuite, SigningKey } from '../core';
import { discoveryActions } from './discovery-actions';
import type { AnswerRequest, DiscoveryEvent } from './discovery-events';
import * as G from './discovery-guards';
import type { MembershipEnv } from './draft';
import type { MembershipInit } from './inputs';
import { msgStoreCheckIntervalMs } from './params';
import type { MembershipView } from './state';
import { initialView, placeholderView } from './view';
import { aliveOf } from './wire';

/** Decisions taken outside this chart, and why: listed in the chart's description, hence on its page. */
const DECIDED_ELSEWHERE =
  'Decided outside this chart (spec/membership.md, [MEM-FUNC-CHART-CHECKS.1]): the reducer checks identities and signatures before the chart sees an event ' +
  '(crypto is injected), skipping the signature when the message is about ourselves or older than the msg-store holds, as Fabric checks the store first; ' +
  'it feeds a membership response as one event, then one per entry, each checked against the view the previous one left. ' +
  "The member's chart decides learn, update or resurrect (handleAlive) and expiry (EXPIRE); the Connect chart decides retries. " +
  'Helpers walk collections for their actions: the dead check (alive members silent too long), the reconnect loop (every dead member), ' +
  'the msg-store pass (dropped at 2 × TTL, expired at TTL, each expired entry raised as STORE_ENTRY_EXPIRED, then STORE_SWEPT), the response (the sieve and envelope filter per member), ' +
  'a probe answer (a request to each probed member that answered itself), anchors (malformed, our own, foreign without an external endpoint, a Connect already running).';

type LoopDelay = 'aliveTimeInterval' | 'aliveExpirationCheckInterval' | 'pullInterval' | 'reconnectInterval';
type LoopGuard = 'hasAliveMembers' | 'hasSyncTargets';
type LoopAction = 'sendAlive' | 'expireSilentMembers' | 'syncWithRandomMembers' | 'probeDeadMembers';

interface LoopChoice {
  readonly guard?: LoopGuard;
  readonly actions?: LoopAction;
  readonly req: readonly string[];
}

/**
 * One region of the loops: wait `delay`, then take the first enabled of `choices`, and wait again.
 * The region's description comes as a `description:` property of the chart's definition, where the
 * mutation runs' chart-metadata ignorer sees it as documentation (src/tools/mutation).
 */
function periodic<D extends LoopDelay>(delay: D, { description, choices }: { readonly description: string; readonly choices: readonly LoopChoice[] }) {
  const transitions = choices.map(({ guard, actions, req }) => ({
    ...(guard === undefined ? {} : { guard }),
    target: 'waiting' as const,
    reenter: true,
    ...(actions === undefined ? {} : { actions }),
    meta: { req },
  }));
  return {
    description,
    initial: 'waiting' as const,
    states: { waiting: { description: `Waits ${delay}.`, after: { [delay]: transitions } as Record<D, typeof transitions> } },
  };
}

/** [MEM-FUNC-MEMREQ-HANDLE.1] The request handled so far is answered on the view it left (its requester's identity learned). */
function answerOf(event: DiscoveryEvent): AnswerRequest {
  if (event.type !== 'MEMBERSHIP_REQUEST') throw new TypeError(`discovery chart: answerRequest ran on ${event.type}`);
  return { type: 'ANSWER_REQUEST', nowMs: event.nowMs, from: event.from, requesterEndpoint: aliveOf(event.envelope).membership.endpoint, nonce: event.nonce };
}

export function createDiscoveryMachine(env: MembershipEnv) {
  const accepted = ['learnSenderIdentity', 'learnSignerIdentity'] as const;
  return setup({
    types: {} as { context: MembershipView; events: DiscoveryEvent; input: MembershipInit },
    guards: {
      isAboutSelf: G.isAboutSelf,
      isStale: G.isStale,
      isInvalid: G.isInvalid,
      hasUnknownSigner: G.hasUnknownSigner,
      failsValidation: G.failsValidation,
      isFromSelf: G.isFromSelf,
      isSpoofed: G.isSpoofed,
      requesterMayNotSeeUs: G.requesterMayNotSeeUs,
      answersConnect: G.answersConnect,
      isAboutSelfOrKnownMember: G.isAboutSelfOrKnownMember,
      isStrayProbeAnswer: G.isStrayProbeAnswer,
      isFailedProbe: G.isFailedProbe,
      reportsIdentitySwitch: G.reportsIdentitySwitch,
      isProbeAnswer: G.isProbeAnswer,
      isFailedHandshake: G.isFailedHandshake,
      isAliveMember: G.isAliveMember,
      isKnownMember: G.isKnownMember,
      isBootstrapOrAnchor: G.isBootstrapOrAnchor,
      hasAliveMembers: G.hasAliveMembers,
      hasSyncTargets: G.hasSyncTargets,
    },
    actions: {
      ...discoveryActions(env),
      answerRequest: raise(({ event }) => answerOf(event)),
      /** What every named action assigns: the view's fields its helper replaced. */
      applyChanges: assign((_args, changes: Partial<MembershipView>) => changes),
      /** Its params are a membership output (discovery-actions.ts lists every output so). */
      output: (_args, _params: unknown) => undefined,
    },
    delays: {
      aliveTimeInterval: ({ context }) => context.config.params.aliveTimeIntervalMs,
      aliveExpirationCheckInterval: ({ context }) => context.config.params.aliveExpirationCheckIntervalMs,
      pullInterval: ({ context }) => context.config.params.pullIntervalMs,
      reconnectInterval: ({ context }) => context.config.params.reconnectIntervalMs,
      msgStoreExpirationCheckInterval: ({ context }) => msgStoreCheckIntervalMs(context.config.params),
    },
  }).createMachine({
    id: 'discovery',
    description: `One peer's discovery: its view (members, identities, msg-store, probes, Connects) is the context; every membership input is an event. ${DECIDED_ELSEWHERE}`,
    context: ({ input }) => (input === undefined ? placeholderView() : initialView(input)),
    initial: 'running',
    states: {
      running: {
        description: 'Started: bootstrap peers are being connected, every loop is armed, and every input is handled.',
        type: 'parallel',
        entry: 'connectToBootstrapPeers',
        meta: { req: ['MEM-FUNC-CONNECT.1', 'MEM-FUNC-BOOTSTRAP-SAME-ORG.1'] },
        on: {
          STOP: { target: '#discovery.stopped', actions: 'stopConnects', meta: { req: ['MEM-FUNC-STOP.1'] } },
        },
        states: {
          inbox: {
            description: 'Every membership input, one decision per transition.',
            initial: 'ready',
            states: {
              ready: {
                description: 'Handles each input as it comes; the ANSWER_REQUEST a request raises is answered in the same step.',
                on: {
                  ALIVE: [
                    { guard: 'isAboutSelf', actions: ['learnSenderIdentity', 'warnIfImpersonated'], meta: { req: ['MEM-FUNC-ALIVE-SELF-IGNORED.1', 'MEM-SAFE-SELF-EXCLUSION.1'] } },
                    { guard: 'isStale', actions: 'learnSenderIdentity', meta: { req: ['MEM-FUNC-MSGSTORE-POLICY.1', 'MEM-FUNC-ALIVE-FORWARD.1', 'MEM-SAFE-ALIVE-MONOTONIC.1'] } },
                    { guard: 'isInvalid', actions: ['logRejectedIdentities', 'rejectInvalid'], meta: { req: ['MEM-FUNC-ALIVE-VALIDATION.2', 'MEM-FUNC-CHART-CHECKS.1'] } },
                    { guard: 'hasUnknownSigner', actions: ['logRejectedIdentities', 'rejectUnknownSigner'], meta: { req: ['MEM-FUNC-UNKNOWN-SIGNER-DROPPED.1', 'MEM-FUNC-CHART-CHECKS.1'] } },
                    {
                      actions: [...accepted, 'store', 'reportIdentityUsed', 'handleAlive', 'forward'],
                      meta: { req: ['MEM-FUNC-ALIVE-FORWARD.1', 'MEM-FUNC-IDENTITY-LEARNED.1', 'MEM-FUNC-IDENTITY-TABLE.2'] },
                    },
                  ],
                  MEMBERSHIP_REQUEST: [
                    { guard: 'isFromSelf', actions: 'learnSenderIdentity', meta: { req: ['MEM-SAFE-SELF-EXCLUSION.1'] } },
                    { guard: 'isSpoofed', actions: ['logRejectedIdentities', 'rejectSpoofedRequest'], meta: { req: ['MEM-FUNC-MEMREQ-ANTI-SPOOFING.2'] } },
                    { guard: 'failsValidation', actions: [...accepted], meta: { req: ['MEM-FUNC-MEMREQ-HANDLE.1', 'MEM-FUNC-ALIVE-VALIDATION.2'] } },
                    { guard: 'isStale', actions: [...accepted, 'answerRequest'], meta: { req: ['MEM-FUNC-MEMREQ-HANDLE.1', 'MEM-FUNC-MSGSTORE-POLICY.1'] } },
                    { actions: [...accepted, 'reportIdentityUsed', 'handleAlive', 'answerRequest'], meta: { req: ['MEM-FUNC-MEMREQ-HANDLE.1', 'MEM-FUNC-IDENTITY-LEARNED.1'] } },
                  ],
                  ANSWER_REQUEST: [
                    { guard: 'requesterMayNotSeeUs', actions: 'refuseRequester', meta: { req: ['MEM-FUNC-MEMRES-REFUSE.1', 'MEM-SAFE-EXTERNAL-ENDPOINT-RULE.1'] } },
                    {
                      actions: 'sendMembershipResponse',
                      meta: { req: ['MEM-FUNC-MEMRES-BUILD.1', 'MEM-FUNC-DISCLOSURE-POLICY.1', 'MEM-FUNC-ENVELOPE-FILTER.1', 'MEM-SAFE-NO-THIRD-ORG-RELAY.1', 'MEM-SAFE-ENDPOINT-CONFIDENTIALITY.1'] },
                    },
                  ],
                  MEMBERSHIP_RESPONSE: [
                    { guard: 'answersConnect', actions: ['learnSenderIdentity', 'wakeConnect'], meta: { req: ['MEM-FUNC-MEMRES-HANDLE.1', 'MEM-FUNC-CONNECT.1'] } },
                    { actions: 'learnSenderIdentity', meta: { req: ['MEM-FUNC-MEMRES-HANDLE.1'] } },
                  ],
                  RESPONSE_ALIVE: [
                    { guard: 'isAboutSelf', meta: { req: ['MEM-FUNC-ALIVE-SELF-IGNORED.1', 'MEM-SAFE-SELF-EXCLUSION.1'] } },
                    { guard: 'isStale', meta: { req: ['MEM-FUNC-MEMRES-HANDLE.1', 'MEM-FUNC-MSGSTORE-POLICY.1'] } },
                    { guard: 'failsValidation', actions: 'learnSignerIdentity', meta: { req: ['MEM-FUNC-MEMRES-HANDLE.1', 'MEM-FUNC-UNKNOWN-SIGNER-DROPPED.1'] } },
                    { actions: ['learnSignerIdentity', 'reportIdentityUsed', 'handleAlive'], meta: { req: ['MEM-FUNC-MEMRES-HANDLE.1', 'MEM-FUNC-IDENTITY-LEARNED.1'] } },
                  ],
                  RESPONSE_DEAD: [
                    { guard: 'isAboutSelfOrKnownMember', meta: { req: ['MEM-FUNC-MEMRES-HANDLE.1', 'MEM-SAFE-SELF-EXCLUSION.1'] } },
                    { guard: 'isStale', meta: { req: ['MEM-FUNC-MEMRES-HANDLE.1', 'MEM-FUNC-MSGSTORE-POLICY.1'] } },
                    { guard: 'failsValidation', actions: 'learnSignerIdentity', meta: { req: ['MEM-FUNC-MEMRES-HANDLE.1', 'MEM-FUNC-UNKNOWN-SIGNER-DROPPED.1'] } },
                    { actions: ['learnSignerIdentity', 'learnDeadMember'], meta: { req: ['MEM-FUNC-MEMRES-HANDLE.1'] } },
                  ],
                  OTHER_MESSAGE: { actions: ['learnSenderIdentity', 'logOtherMessage'], meta: { req: ['GEN-FUNC-BAD-INPUT.1', 'MEM-ASM-COMPOSITION-EDGE.1'] } },
                  HANDSHAKE_RESULT: [
                    { guard: 'isStrayProbeAnswer', meta: { req: ['MEM-FUNC-RECONNECT-DEAD.1'] } },
                    { guard: 'isFailedProbe', actions: ['logRejectedIdentities', 'forgetProbe'], meta: { req: ['MEM-FUNC-RECONNECT-DEAD.1', 'MEM-FUNC-IDENTITY-TABLE.2'] } },
                    {
                      guard: 'reportsIdentitySwitch',
                      actions: ['learnRemoteIdentity', 'purgeSwitchedMember', 'requestProbedMembers', 'forgetProbe'],
                      meta: { req: ['MEM-FUNC-IDENTITY-SWITCH.1', 'MEM-FUNC-RECONNECT-DEAD.1'] },
                    },
                    { guard: 'isProbeAnswer', actions: ['learnRemoteIdentity', 'requestProbedMembers', 'forgetProbe'], meta: { req: ['MEM-FUNC-RECONNECT-DEAD.1', 'MEM-FUNC-ENVELOPE-FILTER.1'] } },
                    { guard: 'isFailedHandshake', actions: ['logRejectedIdentities', 'failConnectAttempt'], meta: { req: ['MEM-FUNC-CONNECT.1', 'MEM-FUNC-IDENTITY-TABLE.2'] } },
                    { actions: ['learnRemoteIdentity', 'passConnectAttempt'], meta: { req: ['MEM-FUNC-CONNECT.1', 'MEM-FUNC-IDENTITY-TABLE.2'] } },
                  ],
                  IDENTITY_LEARNED: { actions: 'learnIdentity', meta: { req: ['MEM-FUNC-IDENTITY-TABLE.2', 'MEM-FUNC-IDENTITY-LEARNED.1'] } },
                  IDENTITY_PURGED: [
                    { guard: 'isKnownMember', actions: ['forgetIdentity', 'purgeMember'], meta: { req: ['MEM-FUNC-IDENTITY-PURGED.1'] } },
                    { actions: 'forgetIdentity', meta: { req: ['MEM-FUNC-IDENTITY-PURGED.1'] } },
                  ],
                  PRESUMED_DEAD: { guard: 'isAliveMember', actions: 'presumeDead', meta: { req: ['MEM-FUNC-PRESUMED-DEAD.1', 'MEM-LIVE-DETECT-DEAD.1'] } },
                  ANCHOR_PEERS: { actions: 'connectToAnchors', meta: { req: ['MEM-FUNC-ANCHOR-PEERS.1', 'MEM-FUNC-CONNECT-SKIP-SELF.1'] } },
                  UPDATE_METADATA: { actions: 'updateMetadata', meta: { req: ['MEM-FUNC-UPDATE-SELF.1'] } },
                  UPDATE_ENDPOINT: { actions: 'updateEndpoint', meta: { req: ['MEM-FUNC-UPDATE-SELF.1'] } },
                  CONNECT_TIMER: { actions: 'stepConnectTimer', meta: { req: ['MEM-FUNC-CONNECT.1'] } },
                },
              },
            },
          },
          heartbeat: periodic('aliveTimeInterval', {
            description: 'Signs and pushes an alive message, unless no member is alive.',
            choices: [
              { guard: 'hasAliveMembers', actions: 'sendAlive', req: ['MEM-FUNC-SEND-ALIVE.1'] },
              { req: ['MEM-FUNC-NO-SIGNING-WHEN-ALONE.1'] },
            ],
          }),
          expirationCheck: periodic('aliveExpirationCheckInterval', {
            description: 'Declares dead the members silent for longer than aliveExpirationTimeout.',
            choices: [
              { actions: 'expireSilentMembers', req: ['MEM-FUNC-EXPIRE-DEAD.1', 'MEM-LIVE-DETECT-DEAD.1'] },
            ],
          }),
          membershipSync: periodic('pullInterval', {
            description: 'Sends a membership request to min(pullPeerNum, alive) random alive members.',
            choices: [
              { guard: 'hasSyncTargets', actions: 'syncWithRandomMembers', req: ['MEM-FUNC-SYNC.1', 'MEM-LIVE-FULL-MEMBERSHIP.1'] },
              { req: ['MEM-FUNC-SYNC.1', 'MEM-FUNC-NO-SIGNING-WHEN-ALONE.1'] },
            ],
          }),
          reconnect: periodic('reconnectInterval', {
            description: 'Handshakes every dead member; a success is followed by a membership request.',
            choices: [
              { actions: 'probeDeadMembers', req: ['MEM-FUNC-RECONNECT-DEAD.1'] },
            ],
          }),
          msgStoreExpiration: {
            description: "The alive msg-store's expiration ticker: every TTL/100 one pass over the store.",
            initial: 'waiting',
            states: {
              waiting: {
                description: 'Waits msgStoreExpirationCheckInterval.',
                after: {
                  msgStoreExpirationCheckInterval: { target: 'sweeping', actions: 'expireMsgStore', meta: { req: ['MEM-FUNC-MSGSTORE-EXPIRATION.1', 'MEM-LIVE-PURGE.1'] } },
                },
              },
              sweeping: {
                description: 'The pass dropped the entries older than twice the TTL and expired those older than the TTL; each expired one is decided here, then the pass ends.',
                on: {
                  STORE_ENTRY_EXPIRED: [
                    { guard: 'isBootstrapOrAnchor', actions: 'keepProtectedMember', meta: { req: ['MEM-FUNC-PURGE.1'] } },
                    { actions: 'purgeExpiredMember', meta: { req: ['MEM-FUNC-PURGE.1', 'MEM-FUNC-MSGSTORE-EXPIRATION.1', 'MEM-LIVE-PURGE.1'] } },
                  ],
                  STORE_SWEPT: { target: 'waiting', meta: { req: ['MEM-FUNC-MSGSTORE-EXPIRATION.1'] } },
                },
              },
            },
          },
        },
      },
      stopped: {
        description: 'Stopped: no timer, no message handled.',
        type: 'final',
        meta: { req: ['MEM-FUNC-STOP.1'] },
      },
    },
  });
}

export type DiscoveryMachine = ReturnType<typeof createDiscoveryMachine>;

const documentationOnly = (): never => {
  throw new Error('discoveryMachine is the chart for the docs; build a reducer with createMembershipReducer({ crypto, key })');
};
/** Crypto and a key that refuse to be used. */
const DOCS_ENV: MembershipEnv = {
  crypto: new Proxy({}, { get: () => documentationOnly }) as CryptoSuite,
  key: new Proxy({}, { get: () => documentationOnly }) as SigningKey,
};

/** The chart for the catalog and the docs (its actions sign: step it only through createMembershipReducer). */
export const discoveryMachine = createDiscoveryMachine(DOCS_ENV);
