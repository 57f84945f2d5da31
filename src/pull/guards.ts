/** One predicate per spec condition (spec/pull.md), each citing its requirement. */
import type { PullContext } from './context';
import { isRemembered, nonceSentTo } from './context';
import type { PullEvent } from './inputs';

type Args = { context: PullContext; event: PullEvent };

/**
 * [PUL-FUNC-DIGEST.1] [PUL-SAFE-ACCEPT-IN-WINDOW.1] a digest or an update carries the nonce this
 * round sent to its sender (the window itself is the state the transition is on).
 */
export const carriesRoundNonce = ({ context, event }: Args): boolean => {
  if (event.type !== 'DIGEST_RECEIVED' && event.type !== 'UPDATE_RECEIVED') return false;
  return nonceSentTo(context.round, event.from) === event.nonce;
};

/** [PUL-FUNC-HELLO.1] there is something to put in a digest (Fabric skips empty digests). */
export const holdsItems = ({ context }: Args): boolean => context.items.length > 0;

/** [PUL-FUNC-RESPOND-REQUEST.1] the request answers a hello still remembered and names an item held. */
export const isServableRequest = ({ context, event }: Args): boolean => {
  if (event.type !== 'REQUEST_RECEIVED') return false;
  return isRemembered(context.incoming, event.from, event.nonce, event.nowMs) && event.ids.some((id) => context.items.includes(id));
};

/** [PUL-FUNC-NONCE-LIFETIME.1] once this period's expired hellos are dropped, none are left. */
export const allIncomingExpire = ({ context }: Args): boolean => {
  const nowMs = context.incomingSinceMs + context.params.requestWaitTimeMs;
  return context.incoming.every((h) => h.expiresAtMs <= nowMs);
};
