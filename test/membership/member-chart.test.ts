/**
 * One member's chart (src/membership/member-machine.ts) through its reducer (member-step.ts),
 * transition by transition: what each event does in each state, what the member records, when the
 * connection is closed, and when a step counts as a change. machines.test.ts walks the main path;
 * mutation run 1 (docs/mutation.md) found the events each state ignores, the recorded fields and
 * the `changed` flag compared by no unit test.
 */
import { nanosFromMs } from '../../src/core';
import { memberStatus, stepMember, type MemberSnapshot } from '../../src/membership/member-step';
import type { MemberEvent } from '../../src/membership/member-machine';
import { aliveFrom, peer, pki } from './fixtures';

const B = peer('B', 7252, 'Org1MSP', 'b.example:7252');
const ID = pki(B);

const alive = (seq: number, nowMs: number, opts: Parameters<typeof aliveFrom>[2] = {}): MemberEvent => ({ type: 'ALIVE', nowMs, envelope: aliveFrom(B, seq, opts) });
const learnDead = (seq: number, nowMs: number): MemberEvent => ({ type: 'LEARN_DEAD', nowMs, envelope: aliveFrom(B, seq) });
const expire = (nowMs: number): MemberEvent => ({ type: 'EXPIRE', nowMs, aliveExpirationTimeoutMs: 1000 });

/** Steps from nothing through `events`, returning the last step. */
function run(...events: MemberEvent[]): ReturnType<typeof stepMember> {
  let current: MemberSnapshot | undefined;
  let last: ReturnType<typeof stepMember> | undefined;
  for (const e of events) {
    last = stepMember(current, ID, e);
    current = last.next;
  }
  if (last === undefined) throw new Error('no event');
  return last;
}

describe('[MEM-SAFE-ALIVE-DEAD-EXCLUSIVE.1] the member chart', () => {
  it('[MEM-FUNC-ALIVE-LEARN.1] an unknown member learned by an alive message records all of it', () => {
    const envelope = aliveFrom(B, 4, { metadata: 'm1', startMs: 2 });
    const { next, changed, effects } = stepMember(undefined, ID, { type: 'ALIVE', nowMs: 50, envelope });
    expect([next.value, changed, effects]).toEqual(['alive', true, []]);
    expect(next.context).toEqual({
      pkiId: ID,
      endpoint: 'b.example:7252',
      internalEndpoint: 'localhost:7252',
      metadata: 'm1',
      ts: { incNum: nanosFromMs(2), seqNum: 4n },
      lastSeenMs: 50,
      envelope,
    });
  });

  it('[MEM-FUNC-MEMRES-HANDLE.1] an unknown member learned dead records the message too', () => {
    const { next, changed } = run(learnDead(3, 70));
    expect([next.value, changed, memberStatus(next)]).toEqual(['dead', true, 'dead']);
    expect(next.context).toMatchObject({ endpoint: 'b.example:7252', ts: { seqNum: 3n }, lastSeenMs: 70 });
  });

  it.each<[string, MemberEvent]>([
    ['EXPIRE', expire(99999)],
    ['PRESUMED_DEAD', { type: 'PRESUMED_DEAD' }],
    ['PURGE', { type: 'PURGE' }],
  ])('an unknown member ignores %s: no change, no member', (_type, event) => {
    const { next, changed, effects } = stepMember(undefined, ID, event);
    expect([next.value, changed, effects, memberStatus(next)]).toEqual(['unknown', false, [], undefined]);
  });

  it('[MEM-FUNC-ALIVE-UPDATE.1] an alive member takes only a strictly newer message; one without SecretEnvelope keeps the internal endpoint', () => {
    const first = run(alive(2, 10));
    for (const stale of [alive(2, 20), alive(1, 20)]) {
      const r = stepMember(first.next, ID, stale);
      expect([r.changed, r.next.context]).toEqual([false, first.next.context]);
    }
    const newer = stepMember(first.next, ID, alive(3, 30, { withSecret: false, metadata: 'm2' }));
    expect([newer.next.value, newer.changed]).toEqual(['alive', true]);
    expect(newer.next.context).toMatchObject({ internalEndpoint: 'localhost:7252', metadata: 'm2', ts: { seqNum: 3n }, lastSeenMs: 30 });
    const restarted = stepMember(newer.next, ID, alive(1, 40, { startMs: 5 }));
    expect([restarted.changed, restarted.next.context.ts]).toEqual([true, { incNum: nanosFromMs(5), seqNum: 1n }]);
  });

  it('[MEM-FUNC-EXPIRE-DEAD.1] an alive member expires only when silent more than the timeout, and its connection is closed', () => {
    const seen = run(alive(1, 100));
    const atTimeout = stepMember(seen.next, ID, expire(1100));
    expect([atTimeout.next.value, atTimeout.changed, atTimeout.effects]).toEqual(['alive', false, []]);
    const past = stepMember(seen.next, ID, expire(1101));
    expect([past.next.value, past.changed, past.effects]).toEqual(['dead', true, [{ kind: 'closeConnection', pkiId: ID }]]);
    expect(past.next.context).toBe(seen.next.context);
  });

  it('[MEM-FUNC-PRESUMED-DEAD.1] an alive member presumed dead dies at once and its connection is closed', () => {
    const r = run(alive(1, 100), { type: 'PRESUMED_DEAD' });
    expect([r.next.value, r.changed, r.effects]).toEqual(['dead', true, [{ kind: 'closeConnection', pkiId: ID }]]);
  });

  it('an alive member ignores a dead entry about it', () => {
    const r = run(alive(1, 100), learnDead(9, 200));
    expect([r.next.value, r.changed, r.next.context.ts.seqNum]).toEqual(['alive', false, 1n]);
  });

  it('[MEM-FUNC-ALIVE-RESURRECT.1] a dead member comes back only with a newer message, seen now', () => {
    const dead = run(alive(2, 100), expire(5000));
    const old = stepMember(dead.next, ID, alive(2, 6000));
    expect([old.next.value, old.changed]).toEqual(['dead', false]);
    const back = stepMember(dead.next, ID, alive(3, 6000));
    expect([back.next.value, back.changed, back.effects, back.next.context.lastSeenMs]).toEqual(['alive', true, [], 6000]);
  });

  it.each<[string, MemberEvent]>([
    ['EXPIRE', expire(99999)],
    ['PRESUMED_DEAD', { type: 'PRESUMED_DEAD' }],
    ['LEARN_DEAD', learnDead(9, 6000)],
  ])('a dead member ignores %s and closes nothing again', (_type, event) => {
    const dead = run(alive(2, 100), expire(5000));
    const r = stepMember(dead.next, ID, event);
    expect([r.next.value, r.changed, r.effects]).toEqual(['dead', false, []]);
  });

  it.each<[string, MemberEvent[]]>([
    ['alive', [alive(1, 100)]],
    ['dead', [alive(1, 100), { type: 'PRESUMED_DEAD' }]],
  ])('[MEM-FUNC-PURGE.1] a purged %s member is gone: final, no status, nothing closed', (_state, before) => {
    const r = run(...before, { type: 'PURGE' });
    expect([r.next.value, r.next.status, r.changed, r.effects, memberStatus(r.next)]).toEqual(['purged', 'done', true, [], undefined]);
  });
});
