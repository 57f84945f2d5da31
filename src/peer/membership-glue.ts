/** Feeding membership and performing its outputs; every membership change refreshes the election views. */
import type { MembershipEvent, MembershipOutput } from '../membership';
import { reject, type Acc } from './acc';
import { gossip } from './emitter-glue';
import { namespaced } from './timers';
import { refreshViews } from './views';
import { refreshIdentityPeers } from './identity-pull';

export function performMembershipOutputs(acc: Acc, outs: readonly MembershipOutput[]): void {
  for (const o of outs) {
    if (o.kind === 'gossip') gossip(acc, { kind: 'alive', envelope: o.envelope }, o.excludePkiId);
    else if (o.kind === 'rejected') reject(acc, o.reason, o.message);
    else if (o.kind === 'setTimer' || o.kind === 'cancelTimer') acc.effects.push(namespaced({ subsystem: 'membership' }, o));
    else acc.effects.push(o);
  }
}

export function stepMembership(acc: Acc, event: MembershipEvent): void {
  const [membership, outs] = acc.env.membership.step(acc.state.membership, event);
  acc.state = { ...acc.state, membership };
  performMembershipOutputs(acc, outs);
  refreshViews(acc);
  refreshIdentityPeers(acc);
}
