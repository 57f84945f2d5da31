/**
 * The lists of members the composition hands each channel (src/peer/views.ts `channelMembersOf`)
 * are derived from the lists it handed before: a member membership reports unchanged (the same
 * entry object) keeps its channel entry object, so the channel compares and diffs the lists by
 * reference. Here a network forms, loses a peer (alive, then dead) and gets it back (a new
 * incarnation), stepped event by event; at every change of a peer's membership view both the values
 * (against the lists built afresh) and that reuse are checked.
 */
import { benchNetwork, joinChannel } from '../../src/bench/network';
import { aliveMembers, deadMembers } from '../../src/membership';
import type { PeerState } from '../../src/peer';
import { channelMembersAfresh, channelMembersOf, identitiesFor, knownIdentityOf, type ChannelMembers } from '../../src/peer/views';
import { advanceTo, crash, nextEventTime, peerState, restart, setClock, stepWorld, type World } from '../../src/sim';

const NET = { seed: 5, orgs: 2, peersPerOrg: 4 };
const PEER = 'peer0.org1';
const LOST = 'peer2.org2';
// Fabric's defaults: declared dead 25 s after its last alive message, so gone from the alive list by 40 s.
const CRASH_AT_MS = 8_000;
const RESTART_AT_MS = 40_000;
const UNTIL_MS = 55_000;

describe('channel member lists', () => {
  it('[CHN-ASM-INPUTS.1] [MEM-FUNC-VIEW-TOKEN.1] each new list equals the one built afresh and keeps the entry of every member membership reports unchanged', () => {
    let w: World<PeerState> = joinChannel(benchNetwork(NET), NET);
    let state = peerState(w, PEER);
    let lists: ChannelMembers = channelMembersOf(state);
    let changes = 0;
    let reused = 0;
    let deadChanged = 0;
    let left = 0;
    let crashed = false;
    let restarted = false;
    for (let steps = 0; steps < 200_000; steps++) {
      const t = nextEventTime(w);
      if (t === undefined || t > UNTIL_MS) break;
      if (!crashed && t >= CRASH_AT_MS) {
        w = crash(setClock(w, CRASH_AT_MS), LOST);
        crashed = true;
        continue;
      }
      if (!restarted && t >= RESTART_AT_MS) {
        w = restart(setClock(w, RESTART_AT_MS), LOST);
        restarted = true;
        continue;
      }
      w = stepWorld(w);
      const next = peerState(w, PEER);
      if (next.membership.viewToken === state.membership.viewToken) continue;
      changes++;
      const derived = channelMembersOf(next, lists);
      expect(derived).toEqual(channelMembersAfresh(next));
      // A membership list that is the same array gives the same channel list.
      if (deadMembers(next.membership) === deadMembers(state.membership)) expect(derived.dead).toBe(lists.dead);
      else deadChanged++;
      if (aliveMembers(next.membership).length < aliveMembers(state.membership).length) left++;
      const before = new Map(aliveMembers(state.membership).map((m, i) => [m.pkiId, { info: m, entry: lists.alive[i] }]));
      aliveMembers(next.membership).forEach((m, i) => {
        const was = before.get(m.pkiId);
        if (was?.info !== m) return;
        expect(derived.alive[i]).toBe(was.entry);
        reused++;
      });
      state = next;
      lists = derived;
    }
    // The run must have formed the network (many changes, most entries carried over) and seen the lost peer leave the alive list.
    expect(restarted).toBe(true);
    expect(left).toBeGreaterThan(0);
    // The dead list changed at some of the changes (the lost peer died, came back), not at all.
    expect(deadChanged).toBeGreaterThan(0);
    expect(deadChanged).toBeLessThan(changes);
    expect(changes).toBeGreaterThan(5);
    expect(reused).toBeGreaterThan(changes);
  });

  it('[CHN-ASM-INPUTS.1] the identities handed with a StateInfo are the known ones of its subjects and the connection\'s, as own properties whatever the PKI-IDs are called', () => {
    const w = advanceTo(joinChannel(benchNetwork(NET), NET), 8_000);
    const state = peerState(w, PEER);
    const known = aliveMembers(state.membership).map((m) => m.pkiId).find((p) => knownIdentityOf(state, p) !== undefined);
    expect(known).toBeDefined();
    const from = { pkiId: '__proto__' as never, identity: 'the sender', endpoint: 'x:1' };
    const identities = identitiesFor(state, from, [known!, 'constructor', '__proto__']);
    expect(Object.keys(identities).sort()).toEqual([known!, '__proto__'].sort());
    expect(identities[known!]).toBe(knownIdentityOf(state, known!));
    expect(Object.prototype.hasOwnProperty.call(identities, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(identities, '__proto__')?.value).toBe('the sender');
    // 'constructor' is not known: no property, own or inherited.
    expect(identities['constructor']).toBeUndefined();
  });
});
