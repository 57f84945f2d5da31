/**
 * [PEER-FUNC-STATE-COPY.1] withPeerState and withChannelState against the spread they replace, on
 * a real peer's state (a bench network that joined a channel, so its keys are the ones the
 * composition builds), for every subset of fields patched with fresh values.
 */
import fc from 'fast-check';
import { benchNetwork, joinChannel } from '../../src/bench/network';
import type { ChannelState, PeerState } from '../../src/peer';
import { withChannelPatched, withChannelState, withPeerState } from '../../src/peer/state';
import { advanceTo, peerState } from '../../src/sim';

const NET = { seed: 3, orgs: 1, peersPerOrg: 2 };
const state: PeerState = peerState(advanceTo(joinChannel(benchNetwork(NET), NET), 1_000), 'peer0.org1');
const channel = Object.values(state.channels)[0] as ChannelState;

/** A patch of the chosen keys, each with a value no field holds yet. */
function patchOf(keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, { patched: k }]));
}

describe('[PEER-FUNC-STATE-COPY.1] copies of the peer records', () => {
  it('[PEER-FUNC-STATE-COPY.1] withPeerState(s, patch) equals { ...s, ...patch } with the same own keys, for any subset of fields', () => {
    const keys = Object.keys(state);
    expect(keys.length).toBeGreaterThanOrEqual(13);
    fc.assert(
      fc.property(fc.subarray(keys), (chosen) => {
        const patch = patchOf(chosen) as Partial<PeerState>;
        const copy = withPeerState(state, patch);
        expect(copy).toStrictEqual({ ...state, ...patch });
        expect(Object.keys(copy).sort()).toEqual([...keys].sort());
        expect(copy).not.toBe(state);
      }),
      { numRuns: 200 },
    );
  });

  it('[PEER-FUNC-STATE-COPY.1] withChannelState(ch, patch) equals { ...ch, ...patch }; stateTransfer is an own key exactly when ch or the patch has it', () => {
    const keys = Object.keys(channel);
    const without: ChannelState = Object.fromEntries(Object.entries(channel).filter(([k]) => k !== 'stateTransfer')) as unknown as ChannelState;
    const all = [...new Set([...keys, 'stateTransfer'])];
    fc.assert(
      fc.property(fc.subarray(all), fc.boolean(), (chosen, base) => {
        const ch = base ? channel : without;
        const patch = patchOf(chosen) as Partial<ChannelState>;
        const copy = withChannelState(ch, patch);
        expect(copy).toStrictEqual({ ...ch, ...patch });
        expect('stateTransfer' in copy).toBe('stateTransfer' in ch || chosen.includes('stateTransfer'));
      }),
      { numRuns: 200 },
    );
  });

  it('[PEER-FUNC-STATE-COPY.1] withChannelPatched patches the record of a joined channel as the spreads would, and gives the same state for a channel not joined', () => {
    const name = channel.channel;
    const keys = Object.keys(channel).filter((k) => k !== 'channel');
    fc.assert(
      fc.property(fc.subarray(keys, { minLength: 1 }), (chosen) => {
        const patch = patchOf(chosen) as Partial<ChannelState>;
        expect(withChannelPatched(state, name, patch)).toStrictEqual({ ...state, channels: { ...state.channels, [name]: { ...channel, ...patch } } });
      }),
      { numRuns: 100 },
    );
    for (const other of ['not-joined', 'constructor', '__proto__']) expect(withChannelPatched(state, other, { isLeader: true })).toBe(state);
  });
});
