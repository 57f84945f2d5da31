/** What a Byzantine peer remembers of the traffic it received: the newest envelopes, bounded. */
import { isRight } from 'fp-ts/Either';
import { Envelope } from '../../messages';
import type { ByzantineState } from './types';

export const DEFAULT_SEEN_LIMIT = 64;

/**
 * [SIM-FUNC-BYZANTINE-SEEN-BOUNDED.1] Append a received payload that decodes as an envelope (what
 * is worth replaying), dropping the oldest beyond `limit`.
 */
export function remember<S>(state: ByzantineState<S>, payload: unknown, limit: number): ByzantineState<S> {
  if (!isRight(Envelope.decode(payload))) return state;
  const seen = state.seen.length < limit ? [...state.seen, payload] : [...state.seen.slice(state.seen.length - limit + 1), payload];
  return { ...state, seen, seenTotal: state.seenTotal + 1 };
}
