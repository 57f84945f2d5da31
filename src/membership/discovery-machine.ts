/**
 * The peer-level loops of discovery (Fabric's goroutines periodicalSendAlive,
 * periodicalCheckAlive, periodicalReconnectToDead, Node.syncDiscovery and the msg-store expiration
 * ticker) as parallel regions with named delays, so every period appears in the diagram under
 * its Fabric name. The actions are markers: step.ts performs them on the membership view.
 */
import { setup } from 'xstate';
import { DEFAULT_MEMBERSHIP_PARAMS, msgStoreCheckIntervalMs, type MembershipParams } from './params';

export interface DiscoveryContext {
  readonly aliveTimeIntervalMs: number;
  readonly aliveExpirationCheckIntervalMs: number;
  readonly pullIntervalMs: number;
  readonly reconnectIntervalMs: number;
  readonly msgStoreCheckIntervalMs: number;
}

export function discoveryContextOf(p: MembershipParams): DiscoveryContext {
  return {
    aliveTimeIntervalMs: p.aliveTimeIntervalMs,
    aliveExpirationCheckIntervalMs: p.aliveExpirationCheckIntervalMs,
    pullIntervalMs: p.pullIntervalMs,
    reconnectIntervalMs: p.reconnectIntervalMs,
    msgStoreCheckIntervalMs: msgStoreCheckIntervalMs(p),
  };
}

export type DiscoveryEvent = { readonly type: 'STOP' };

export const DISCOVERY_LOOPS = [
  'connectToBootstrapPeers',
  'sendAlive',
  'checkAliveExpiration',
  'initiateSync',
  'reconnectToDead',
  'expireMsgStore',
] as const;
export type DiscoveryLoop = (typeof DISCOVERY_LOOPS)[number];

const marker = () => undefined;

/** One region: wait `delay`, run `action`, wait again. */
function periodic(delay: string, action: DiscoveryLoop, req: readonly string[], description: string) {
  return {
    description,
    initial: 'waiting' as const,
    states: {
      waiting: {
        description: `Waits ${delay}, then runs ${action}.`,
        after: { [delay]: { target: 'waiting', reenter: true, actions: action, meta: { req } } },
      },
    },
  };
}

export const discoveryMachine = setup({
  types: {} as { context: DiscoveryContext; events: DiscoveryEvent; input: DiscoveryContext },
  actions: {
    connectToBootstrapPeers: marker,
    sendAlive: marker,
    checkAliveExpiration: marker,
    initiateSync: marker,
    reconnectToDead: marker,
    expireMsgStore: marker,
  },
  delays: {
    aliveTimeInterval: ({ context }) => context.aliveTimeIntervalMs,
    aliveExpirationCheckInterval: ({ context }) => context.aliveExpirationCheckIntervalMs,
    pullInterval: ({ context }) => context.pullIntervalMs,
    reconnectInterval: ({ context }) => context.reconnectIntervalMs,
    msgStoreExpirationCheckInterval: ({ context }) => context.msgStoreCheckIntervalMs,
  },
}).createMachine({
  id: 'discovery',
  description: 'Peer-level discovery loops: heartbeat, dead check, membership sync, reconnect, msg-store expiration.',
  // xstate's initialTransition first builds a throw-away actor whose initial snapshot is computed
  // without input; with an undefined period the `after` timers would fire at once, forever. So a
  // missing input means Fabric's defaults.
  context: ({ input }) => input ?? discoveryContextOf(DEFAULT_MEMBERSHIP_PARAMS),
  initial: 'running',
  states: {
    running: {
      description: 'Started: bootstrap peers are being connected and every loop is armed.',
      type: 'parallel',
      entry: 'connectToBootstrapPeers',
      meta: { req: ['MEM-FUNC-CONNECT.1', 'MEM-FUNC-BOOTSTRAP-SAME-ORG.1'] },
      on: { STOP: { target: '#discovery.stopped', meta: { req: ['MEM-FUNC-STOP.1'] } } },
      states: {
        heartbeat: periodic('aliveTimeInterval', 'sendAlive', ['MEM-FUNC-SEND-ALIVE.1', 'MEM-FUNC-NO-SIGNING-WHEN-ALONE.1'], 'Signs and pushes an alive message, unless no member is alive.'),
        expirationCheck: periodic('aliveExpirationCheckInterval', 'checkAliveExpiration', ['MEM-FUNC-EXPIRE-DEAD.1', 'MEM-LIVE-DETECT-DEAD.1'], 'Declares dead the members silent for longer than aliveExpirationTimeout.'),
        membershipSync: periodic('pullInterval', 'initiateSync', ['MEM-FUNC-SYNC.1', 'MEM-LIVE-FULL-MEMBERSHIP.1'], 'Sends a membership request to min(pullPeerNum, alive) random alive members.'),
        reconnect: periodic('reconnectInterval', 'reconnectToDead', ['MEM-FUNC-RECONNECT-DEAD.1'], 'Handshakes every dead member; a success is followed by a membership request.'),
        msgStoreExpiration: periodic('msgStoreExpirationCheckInterval', 'expireMsgStore', ['MEM-FUNC-MSGSTORE-EXPIRATION.1', 'MEM-FUNC-PURGE.1', 'MEM-LIVE-PURGE.1'], 'Expires alive messages older than the TTL (purging their members) and drops them at twice the TTL.'),
      },
    },
    stopped: {
      description: 'Stopped: no timer, no message handled.',
      type: 'final',
      meta: { req: ['MEM-FUNC-STOP.1'] },
    },
  },
});
