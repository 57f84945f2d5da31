/** Feeding the emitter and turning its outputs into routing and timers. */
import { emitterReducer, type EmitterEvent } from '../emitter';
import type { Acc } from './acc';
import { routeBatch } from './routing';
import type { GossipItem } from './state';
import { namespaced } from './timers';

export function stepEmitter(acc: Acc, event: EmitterEvent): void {
  const [emitter, outs] = emitterReducer.step(acc.state.emitter, event);
  acc.state = { ...acc.state, emitter };
  for (const o of outs) {
    if (o.kind === 'gossipBatch') routeBatch(acc, o.items.map((i) => ({ item: i.message as GossipItem, exclude: i.excludePkiId })));
    else acc.effects.push(namespaced({ subsystem: 'emitter' }, o));
  }
}

/** Fabric's Gossip()/Forward(): hand a message to the emitter, optionally excluding its sender. */
export function gossip(acc: Acc, item: GossipItem, excludePkiId?: string): void {
  stepEmitter(acc, { type: 'ADD', item: excludePkiId === undefined ? { message: item } : { message: item, excludePkiId } });
}
