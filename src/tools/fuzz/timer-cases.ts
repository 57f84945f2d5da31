/**
 * `timer` inputs. Real ones echo what the snapshot's setTimer effects carried (id and event as
 * they were, whatever the event's shape), fired once, twice, crossed with another timer's event,
 * or again after the first fire re-armed the id; random ones have forged ids or events.
 */
import type { Effect, HostInput } from '../../core';
import type { CapturedTimer, Snapshot } from './capture';
import { clockOf, type CaseGenerator } from './context';
import { mutate } from '../../messages/mutation/mutate';
import type { Rand } from '../../messages/mutation/rand';
import { junk, oddString } from '../../messages/mutation/values';

const fire = (nowMs: number, t: CapturedTimer): HostInput => ({ kind: 'timer', nowMs, timerId: t.timerId, event: t.event });

/** The setTimer effects of a step, as captured timers (the events exactly as the peer emitted them). */
function armedBy(effects: readonly Effect[]): CapturedTimer[] {
  return effects.flatMap((e) => (e.kind === 'setTimer' ? [{ timerId: e.timerId, event: e.event }] : []));
}

/** A later instant for each follow-up fire: a host fires a re-armed timer after its delay, not before. */
const later = (rand: Rand, nowMs: number) => nowMs + rand.int(0, 60_000);

export const capturedTimer: CaseGenerator = (rand, ctx, snap) => {
  if (snap.timers.length === 0) return randomTimer(rand, ctx, snap);
  const t = rand.pick(snap.timers);
  const at = clockOf(rand, snap);
  switch (rand.int(0, 4)) {
    case 0:
      return { family: 'timer.once', detail: t.timerId, inputs: [fire(at, t)] };
    case 1:
      return { family: 'timer.twice', detail: t.timerId, inputs: [fire(at, t), fire(at, t)] };
    case 2: {
      // The first fire usually re-arms its id: then the old event again (stale) and the new one twice.
      const next = later(rand, at);
      const followUp = (effects: readonly Effect[]) => {
        const rearmed = armedBy(effects);
        const again = rearmed.find((r) => r.timerId === t.timerId) ?? rearmed[0];
        return again === undefined ? [fire(next, t)] : [fire(next, t), fire(next, again), fire(next, again)];
      };
      return { family: 'timer.afterRearm', detail: t.timerId, inputs: [fire(at, t)], followUp };
    }
    case 3: {
      const other = rand.pick(snap.timers);
      return { family: 'timer.crossed', detail: `${t.timerId} with the event of ${other.timerId}`, inputs: [fire(at, { timerId: t.timerId, event: other.event })] };
    }
    default: {
      const m = mutate(rand, t.event, ctx.pool);
      return { family: 'timer.mutatedEvent', detail: `${t.timerId}: ${m.label}`, inputs: [fire(at, { timerId: t.timerId, event: m.value })] };
    }
  }
};

function forgedTimerId(rand: Rand, snap: Snapshot, channel: string): string {
  const real = snap.timers.length > 0 ? rand.pick(snap.timers).timerId : 'membership|x';
  return rand.pick([
    `membership|${oddString(rand)}`,
    `emitter|${oddString(rand)}`,
    `election|${channel}|${oddString(rand)}`,
    `pull|${channel}|${oddString(rand)}`,
    `election|otherchannel|${real.split('|').pop() ?? ''}`,
    `pull||x`,
    real.toUpperCase(),
    `${real}|`,
    real.slice(0, -1),
    oddString(rand),
    'nobody',
    '',
  ]);
}

export const randomTimer: CaseGenerator = (rand, ctx, snap) => {
  const timerId = rand.chance(0.7) || snap.timers.length === 0 ? forgedTimerId(rand, snap, ctx.capture.channel) : rand.pick(snap.timers).timerId;
  const event = snap.timers.length > 0 && rand.chance(0.4) ? rand.pick(snap.timers).event : junk(rand);
  return { family: 'timer.random', detail: timerId, inputs: [{ kind: 'timer', nowMs: clockOf(rand, snap), timerId, event }] };
};
