/**
 * What the emitter accepts. The buffered item is opaque to the emitter (the peer composition puts
 * a signed envelope and the PKI-ID to exclude, Fabric's `filter`, in it).
 */
import * as t from 'io-ts';

/**
 * Any value but undefined: the emitter never looks inside a message, but an item without one (`{}`)
 * is a malformed ADD, not a message of nothing to send propagateIterations times.
 */
const PresentMessage = new t.Type<unknown>(
  'PresentMessage',
  (u): u is unknown => u !== undefined,
  (u, c) => (u === undefined ? t.failure(u, c, 'an ADD item must carry a message') : t.success(u)),
  t.identity,
);

export const EmitterItem = t.intersection(
  [t.type({ message: PresentMessage }), t.partial({ excludePkiId: t.string })],
  'EmitterItem',
);
export type EmitterItem = t.TypeOf<typeof EmitterItem>;

export const EmitterAdd = t.type({ type: t.literal('ADD'), item: EmitterItem }, 'EmitterAdd');
export const EmitterStop = t.type({ type: t.literal('STOP') }, 'EmitterStop');
export const EmitterCommand = t.union([EmitterAdd, EmitterStop], 'EmitterCommand');
export type EmitterCommand = t.TypeOf<typeof EmitterCommand>;

/** The flush timer's event, as xstate names it for `after: { maxPropagationBurstLatency }`. */
export const FLUSH_TIMER_EVENT = 'xstate.after.maxPropagationBurstLatency.emitter.buffering';
export const EmitterTimerEvent = t.type({ type: t.literal(FLUSH_TIMER_EVENT) }, 'EmitterTimerEvent');
export type EmitterTimerEvent = t.TypeOf<typeof EmitterTimerEvent>;

export type EmitterEvent = EmitterCommand | EmitterTimerEvent;
