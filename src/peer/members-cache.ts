/**
 * aliveMembers() walks every member; the composition asks for it on every membership step (views)
 * and every emitted batch (routing). Its result depends only on the members and identities maps,
 * which membership replaces whenever they change, so it is memoised on those two objects. A pure
 * function memoised on immutable inputs is still a pure function.
 */
import { aliveMembers, isStopped, type MemberInfo, type MembershipState } from '../membership';

const cache = new WeakMap<object, WeakMap<object, readonly MemberInfo[]>>();

export function aliveMembersOf(state: MembershipState): readonly MemberInfo[] {
  if (isStopped(state)) return aliveMembers(state);
  let byIdentities = cache.get(state.members);
  if (byIdentities === undefined) {
    byIdentities = new WeakMap();
    cache.set(state.members, byIdentities);
  }
  let members = byIdentities.get(state.identities);
  if (members === undefined) {
    members = aliveMembers(state);
    byIdentities.set(state.identities, members);
  }
  return members;
}
