/**
 * The lifecycle of one remote member as this peer sees it (Fabric's gossipDiscoveryImpl keeps it
 * spread over aliveLastTS/deadLastTS/id2Member/aliveMembership/deadMembership; here it is one
 * chart per PKI-ID). See spec/membership.md.
 *
 *   unknown --ALIVE / learn--> alive --EXPIRE or PRESUMED_DEAD--> dead --ALIVE (newer) / resurrect--> alive
 *   alive --ALIVE (newer) / update--> alive;  unknown --LEARN_DEAD--> dead;  alive/dead --PURGE--> purged
 *
 * One state per member makes alive/dead exclusivity structural ([MEM-SAFE-ALIVE-DEAD-EXCLUSIVE.1]).
 */
import { assign, setup } from 'xstate';
import type { PeerTime, PkiId } from '../core';
// Straight from their modules: the barrels' re-exports are getters, and these run at every message.
import { isNewer } from '../core/peer-time';
import { aliveOf, aliveTs, internalEndpointOf, type AliveEnvelope } from './wire';

export interface MemberContext {
  readonly pkiId: PkiId;
  /** External endpoint from the latest alive message ('' = none). */
  readonly endpoint: string;
  /** From the latest SecretEnvelope seen; kept when a later message carries none. '' = unknown. */
  readonly internalEndpoint: string;
  readonly metadata: string;
  /** PeerTime of the latest accepted alive message. */
  readonly ts: PeerTime;
  /** Local time that message was accepted (Fabric's lastSeen). */
  readonly lastSeenMs: number;
  /** The latest accepted signed alive envelope (answers membership requests). */
  readonly envelope: AliveEnvelope | undefined;
}

export type MemberEvent =
  | { readonly type: 'ALIVE'; readonly nowMs: number; readonly envelope: AliveEnvelope }
  | { readonly type: 'LEARN_DEAD'; readonly nowMs: number; readonly envelope: AliveEnvelope }
  | { readonly type: 'EXPIRE'; readonly nowMs: number; readonly aliveExpirationTimeoutMs: number }
  /** [MEM-FUNC-PRESUMED-DEAD.1] comm presumed it dead (a send to it failed): dead at once, whatever its lastSeen. */
  | { readonly type: 'PRESUMED_DEAD' }
  | { readonly type: 'PURGE' };

type Args = { context: MemberContext; event: MemberEvent };

/** [MEM-FUNC-ALIVE-UPDATE.1] a strictly newer PeerTime than the stored one (guards ALIVE only). */
const isNewerAlive = ({ context, event }: Args): boolean => event.type === 'ALIVE' && isNewer(aliveTs(event.envelope), context.ts);

/** [MEM-FUNC-EXPIRE-DEAD.1] silent for more than aliveExpirationTimeout. */
const silentTooLong = ({ context, event }: Args): boolean =>
  event.type === 'EXPIRE' && event.nowMs - context.lastSeenMs > event.aliveExpirationTimeoutMs;

/** Take endpoint, metadata, timestamp and envelope from the message; lastSeen = now. */
function recordAlive({ context, event }: Args): Partial<MemberContext> {
  if (event.type !== 'ALIVE' && event.type !== 'LEARN_DEAD') return {};
  const alive = aliveOf(event.envelope);
  const secret = internalEndpointOf(event.envelope);
  return {
    endpoint: alive.membership.endpoint,
    metadata: alive.membership.metadata,
    internalEndpoint: secret !== '' ? secret : context.internalEndpoint,
    ts: alive.timestamp,
    lastSeenMs: event.nowMs,
    envelope: event.envelope,
  };
}

export interface CloseConnectionParams {
  readonly pkiId: PkiId;
}

export const memberMachine = setup({
  types: {} as { context: MemberContext; events: MemberEvent; input: { pkiId: PkiId } },
  guards: { isNewerAlive, silentTooLong },
  // One update, named by what it means where it is taken.
  actions: {
    learn: assign(recordAlive),
    learnDead: assign(recordAlive),
    update: assign(recordAlive),
    resurrect: assign(recordAlive),
    closeConnection: (_args, _params: CloseConnectionParams) => undefined,
  },
}).createMachine({
  id: 'member',
  description: 'One remote member (by PKI-ID) as this peer sees it.',
  context: ({ input }) => ({
    pkiId: input.pkiId,
    endpoint: '',
    internalEndpoint: '',
    metadata: '',
    ts: { incNum: 0n, seqNum: 0n },
    lastSeenMs: 0,
    envelope: undefined,
  }),
  initial: 'unknown',
  states: {
    unknown: {
      description: 'Not in the view (never seen, or purged before).',
      on: {
        ALIVE: { target: 'alive', actions: 'learn', meta: { req: ['MEM-FUNC-ALIVE-LEARN.1'] } },
        LEARN_DEAD: { target: 'dead', actions: 'learnDead', meta: { req: ['MEM-FUNC-MEMRES-HANDLE.1'] } },
      },
    },
    alive: {
      description: 'Heard from within aliveExpirationTimeout.',
      meta: { req: ['MEM-SAFE-ALIVE-DEAD-EXCLUSIVE.1'] },
      on: {
        ALIVE: { guard: 'isNewerAlive', target: 'alive', actions: 'update', meta: { req: ['MEM-FUNC-ALIVE-UPDATE.1', 'MEM-SAFE-ALIVE-MONOTONIC.1'] } },
        EXPIRE: {
          guard: 'silentTooLong',
          target: 'dead',
          actions: { type: 'closeConnection', params: ({ context }) => ({ pkiId: context.pkiId }) },
          meta: { req: ['MEM-FUNC-EXPIRE-DEAD.1', 'MEM-LIVE-DETECT-DEAD.1'] },
        },
        PRESUMED_DEAD: {
          target: 'dead',
          actions: { type: 'closeConnection', params: ({ context }) => ({ pkiId: context.pkiId }) },
          meta: { req: ['MEM-FUNC-PRESUMED-DEAD.1'] },
        },
        PURGE: { target: 'purged', meta: { req: ['MEM-FUNC-PURGE.1'] } },
      },
    },
    dead: {
      description: 'Silent for longer than aliveExpirationTimeout; pinged every reconnectInterval.',
      meta: { req: ['MEM-SAFE-ALIVE-DEAD-EXCLUSIVE.1'] },
      on: {
        ALIVE: { guard: 'isNewerAlive', target: 'alive', actions: 'resurrect', meta: { req: ['MEM-FUNC-ALIVE-RESURRECT.1', 'MEM-LIVE-DETECT-DEAD.1'] } },
        PURGE: { target: 'purged', meta: { req: ['MEM-FUNC-PURGE.1'] } },
      },
    },
    purged: {
      description: 'Removed from every map; a later alive message starts a new chart.',
      type: 'final',
      meta: { req: ['MEM-FUNC-PURGE.1', 'MEM-LIVE-PURGE.1'] },
    },
  },
});
