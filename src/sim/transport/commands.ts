/** Turning a peer's handshake misbehaviour on or off while a world runs ([SIM-FUNC-HANDSHAKE-ADVERSARY.1]). */
import { Draft } from '../draft';
import { emptyPMap, pdelete, pentries } from '../../core/pmap';
import type { World } from '../world';
import { resolveAdversary } from './transport';
import type { HandshakeAdversary, ResolvedAdversary } from './types';

/**
 * A new world in which `peer` misbehaves as `adversary` in every later handshake (undefined: honest
 * again). Its connections close, so the next envelope either way runs a new handshake. Throws
 * without a transport or for an unknown peer (a caller's mistake).
 */
export function setHandshakeAdversary<S>(w: World<S>, peer: string, adversary: HandshakeAdversary | undefined): World<S> {
  const t = w.transport;
  if (t === undefined) throw new RangeError('setHandshakeAdversary: the world has no transport');
  const index = w.directory.byName.get(peer);
  if (index === undefined) throw new RangeError(`setHandshakeAdversary: unknown peer ${JSON.stringify(peer)}`);
  if (w.failure !== undefined) return w;
  const adversaries = new Map<number, ResolvedAdversary>(t.adversaries);
  if (adversary === undefined) adversaries.delete(index);
  else adversaries.set(index, resolveAdversary(w.directory, peer, adversary));
  const d = new Draft(w);
  d.step = w.step + 1;
  d.transport = { ...t, adversaries };
  const slot = d.slot(index);
  for (const [key] of slot.connections === undefined ? [] : pentries(slot.connections)) {
    const other = Number(key);
    const o = d.slot(other);
    d.patchSlot(other, { connections: pdelete(o.connections ?? emptyPMap(), String(index)) });
  }
  d.patchSlot(index, { connections: emptyPMap() });
  d.emit({ k: 'fault', action: { kind: 'handshakeAdversary', peer, adversary: adversary === undefined ? null : { ...adversary } } });
  return d.close();
}
