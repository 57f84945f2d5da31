/**
 * Local safety predicates keyed by requirement id; each returns a violation message or undefined.
 * State predicates look at one state; step predicates at (before, event, after, outputs), which is
 * how monotonicity and "never sent to" properties are stated. Check them after every step.
 */
import { canonicalEncode, isNewer, type PeerRef } from '../core';
import type { Envelope } from '../messages';
import { orgOfPeer } from './identity-view';
import type { MembershipEvent } from './inputs';
import { memberStatus } from './member-step';
import { pentries, pget, phas } from '../core/pmap';
import { listsFromScratch } from './alive-view';
import { aliveMembers, deadMembers } from './queries';
import { isStopped } from './step';
import type { MembershipOutput, MembershipState } from './state';
import { aliveOf, alivePkiId, aliveTs, type AliveEnvelope } from './wire';

export type StateInvariant = (s: MembershipState) => string | undefined;
export type StepInvariant = (
  before: MembershipState,
  event: MembershipEvent,
  after: MembershipState,
  outputs: readonly MembershipOutput[],
) => string | undefined;

function firstViolation<T>(items: Iterable<T>, check: (item: T) => string | undefined): string | undefined {
  for (const item of items) {
    const v = check(item);
    if (v !== undefined) return v;
  }
  return undefined;
}

export const membershipInvariants: Readonly<Record<string, StateInvariant>> = {
  /** [MEM-FUNC-VIEW-TOKEN.1] the memoised (and derived) lists equal a fresh computation. */
  'MEM-FUNC-VIEW-TOKEN.1': (s) => {
    const fresh = isStopped(s) ? { alive: [], dead: [] } : listsFromScratch(s);
    if (canonicalEncode(aliveMembers(s)) !== canonicalEncode(fresh.alive)) return 'the memoised alive view is stale (a change did not renew viewToken)';
    return canonicalEncode(deadMembers(s)) === canonicalEncode(fresh.dead) ? undefined : 'the memoised dead list is stale (a change did not renew viewToken)';
  },
  'MEM-SAFE-ALIVE-DEAD-EXCLUSIVE.1': (s) => {
    let alive = 0;
    const bad = firstViolation(pentries(s.members), ([pkiId, m]) => {
      const status = memberStatus(m);
      if (status === undefined) return `member ${pkiId} is ${JSON.stringify(m.value)}, neither alive nor dead`;
      if (m.context.pkiId !== pkiId) return `member chart ${m.context.pkiId} stored under ${pkiId}`;
      if (status === 'alive') alive++;
      return undefined;
    });
    return bad ?? (alive === s.aliveCount ? undefined : `aliveCount ${s.aliveCount} but ${alive} alive charts`);
  },
  'MEM-SAFE-SELF-EXCLUSION.1': (s) =>
    phas(s.members, s.self.pkiId) ? 'self is in its own view' : undefined,
  'MEM-FUNC-IDENTITY-TABLE.2': (s) =>
    firstViolation(pentries(s.members), ([pkiId]) => (orgOfPeer(s, pkiId) === undefined ? `member ${pkiId} has no known identity` : undefined)),
};

/** The alive envelopes a wire message carries (memReq self-information, memRes entries). */
export function aliveEnvelopesIn(message: Envelope): { alive: readonly AliveEnvelope[]; dead: readonly AliveEnvelope[] } {
  const c = message.payload.content;
  if (c.$case === 'memReq') return { alive: [c.memReq.selfInformation], dead: [] };
  if (c.$case === 'memRes') return { alive: c.memRes.alive, dead: c.memRes.dead };
  if (c.$case === 'aliveMsg') return { alive: [message as AliveEnvelope], dead: [] };
  return { alive: [], dead: [] };
}

type Send = Extract<MembershipOutput, { kind: 'send' }>;

function sends(outputs: readonly MembershipOutput[]): { to: PeerRef; message: Envelope }[] {
  return outputs.filter((o): o is Send => o.kind === 'send').flatMap((o) => o.to.map((to) => ({ to, message: o.message })));
}

export const membershipStepInvariants: Readonly<Record<string, StepInvariant>> = {
  /** Stored timestamps never go back; a forwarded alive message is newer than the store held. */
  'MEM-SAFE-ALIVE-MONOTONIC.1': (before, _e, after, outputs) =>
    firstViolation(pentries(after.members), ([pkiId, m]) => {
      const old = pget(before.members, pkiId);
      return old !== undefined && isNewer(old.context.ts, m.context.ts) ? `member ${pkiId}: timestamp went back` : undefined;
    }) ??
    firstViolation(outputs, (o) => {
      if (o.kind !== 'gossip' || o.excludePkiId === undefined) return undefined;
      const stored = pget(before.store, alivePkiId(o.envelope));
      return stored !== undefined && !isNewer(aliveTs(o.envelope), stored.ts) ? `forwarded a stale alive of ${alivePkiId(o.envelope)}` : undefined;
    }),
  /** Only our own heartbeat is gossiped about ourselves; nothing about us is forwarded. */
  'MEM-SAFE-SELF-EXCLUSION.1': (_b, _e, after, outputs) =>
    firstViolation(outputs, (o) =>
      o.kind === 'gossip' && alivePkiId(o.envelope) === after.self.pkiId && (o.excludePkiId !== undefined || o.envelope !== after.selfAlive)
        ? 'forwarded an alive message about ourselves'
        : undefined,
    ),
  /** No SecretEnvelope is sent to a recipient whose org is not known to be ours. */
  'MEM-SAFE-ENDPOINT-CONFIDENTIALITY.1': (_b, _e, after, outputs) =>
    firstViolation(sends(outputs), ({ to, message }) => {
      const { alive, dead } = aliveEnvelopesIn(message);
      const leaks = [...alive, ...dead].some((env) => env.secretEnvelope !== undefined);
      return leaks && orgOfPeer(after, to.pkiId) !== after.self.org ? `internal endpoint sent to ${to.pkiId} outside the org` : undefined;
    }),
  /** A membership response to org D only speaks of org D and our org. */
  'MEM-SAFE-NO-THIRD-ORG-RELAY.1': (_b, _e, after, outputs) =>
    firstViolation(sends(outputs), ({ to, message }) => {
      if (message.payload.content.$case !== 'memRes') return undefined;
      const { alive, dead } = aliveEnvelopesIn(message);
      const toOrg = orgOfPeer(after, to.pkiId);
      const third = [...alive, ...dead].find((env) => {
        const org = orgOfPeer(after, alivePkiId(env));
        return org !== after.self.org && org !== toOrg;
      });
      return third === undefined ? undefined : `told ${to.pkiId} (${String(toOrg)}) about ${alivePkiId(third)}`;
    }),
  /** Our-org peers are disclosed to another org only if they have an external endpoint. */
  'MEM-SAFE-EXTERNAL-ENDPOINT-RULE.1': (_b, _e, after, outputs) =>
    firstViolation(sends(outputs), ({ to, message }) => {
      if (message.payload.content.$case !== 'memRes' || orgOfPeer(after, to.pkiId) === after.self.org) return undefined;
      const { alive, dead } = aliveEnvelopesIn(message);
      const hidden = [...alive, ...dead].find((env) => orgOfPeer(after, alivePkiId(env)) === after.self.org && aliveOf(env).membership.endpoint === '');
      return hidden === undefined ? undefined : `disclosed ${alivePkiId(hidden)} (no external endpoint) to ${to.pkiId}`;
    }),
  /** A bootstrap Connect never sends its membership request to a peer of another org. */
  'MEM-SAFE-BOOTSTRAP-SANITY.1': (_b, _e, after, outputs) =>
    firstViolation(sends(outputs), ({ to, message }) => {
      if (message.payload.content.$case !== 'memReq' || message.payload.nonce === 0n) return undefined;
      const connect = pget(after.connects, to.endpoint);
      if (connect === undefined || connect.context.kind !== 'bootstrap') return undefined;
      return orgOfPeer(after, to.pkiId) === after.self.org ? undefined : `bootstrap Connect sent a membership request to ${to.pkiId} of another org`;
    }),
};

/** Run every state and step invariant; the first violation, prefixed with its id. */
export function checkMembershipStep(
  before: MembershipState,
  event: MembershipEvent,
  after: MembershipState,
  outputs: readonly MembershipOutput[],
): string | undefined {
  for (const [id, check] of Object.entries(membershipInvariants)) {
    const v = check(after);
    if (v !== undefined) return `${id}: ${v}`;
  }
  for (const [id, check] of Object.entries(membershipStepInvariants)) {
    const v = check(before, event, after, outputs);
    if (v !== undefined) return `${id}: ${v}`;
  }
  return undefined;
}

/**
 * [MEM-LIVE-DETECT-DEAD.1] At time `nowMs`, with the check timer on schedule, no alive member has
 * been silent for more than aliveExpirationTimeout + aliveExpirationCheckInterval.
 */
export function silentAliveMember(s: MembershipState, nowMs: number): string | undefined {
  const bound = s.config.params.aliveExpirationTimeoutMs + s.config.params.aliveExpirationCheckIntervalMs;
  return firstViolation(pentries(s.members), ([pkiId, m]) =>
    m.value === 'alive' && nowMs - m.context.lastSeenMs > bound ? `${pkiId} silent for ${nowMs - m.context.lastSeenMs}ms but alive` : undefined,
  );
}
