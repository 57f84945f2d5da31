/** The named configurations, and the global invariants of the membership and pull models. */
import { CONFIGS, configNamed, explore, membershipModel, pullModel, type MembershipPeer, type Configuration } from '../../src/explore';

// Depths small enough for CI (membership steps are the slowest: signing, encoding).
const SMOKE_DEPTH: Readonly<Record<string, number>> = { election: 6, pull: 7, membership: 4 };

describe('configurations', () => {
  it('[EXP-FUNC-CONFIGS.1] every named configuration explores a few levels without a violation', () => {
    expect(CONFIGS.map((c) => c.name)).toEqual(['election-3', 'election-3-yield', 'pull-2', 'pull-2-sym', 'membership-2', 'membership-2-sym', 'membership-3']);
    for (const c of CONFIGS) {
      const depth = SMOKE_DEPTH[c.name.split('-')[0] as string] as number;
      const r = explore(c.model(), { ...c.options, depth });
      expect({ name: c.name, violations: r.violations.map((v) => v.text) }).toEqual({ name: c.name, violations: [] });
      expect(r.depthReached).toBe(depth);
      expect(r.symmetryGroup).toBe(c.name.endsWith('-sym') ? 2 : 1);
    }
    expect(configNamed('nope')).toBeUndefined();
  });

  it('[EXP-SAFE-PULL-NO-FORGERY.1] an item nobody started with is reported', () => {
    const model = pullModel({ peers: [{ items: ['b1'], seed: 1 }, { items: [], seed: 2 }] });
    const [a, b] = model.init().map((s) => s.state);
    expect(model.globalViolations?.([a!, b!])).toEqual([]);
    const forged = { ...b!, context: { ...b!.context, items: ['b9'] } };
    expect(model.globalViolations?.([a!, forged])).toEqual(['EXP-SAFE-PULL-NO-FORGERY.1: peerB holds b9']);
  });

  it('[EXP-SAFE-MEMBERSHIP-KNOWN-PEERS.1] a peer that knows itself is reported; real runs learn only each other', () => {
    const model = membershipModel({ peers: 2, bootstrap: [[], [0]], seeds: [1, 2] });
    let learned: MembershipPeer | undefined;
    const r = explore(model, {
      depth: 6,
      maxStates: 10_000,
      observe: (c) => {
        const p1 = (c as Configuration<MembershipPeer, unknown, unknown>).peers[1];
        if (learned === undefined && p1 !== undefined && p1.membership.members.size > 0) learned = p1;
      },
    });
    expect(r.violations).toEqual([]);
    expect(learned).toBeDefined();
    // peer1's state put in peer0's place: it knows peer0, which is then itself.
    expect(model.globalViolations?.([learned!, learned!])[0]).toMatch(/^EXP-SAFE-MEMBERSHIP-KNOWN-PEERS\.1: peer0 knows /);
  });
});
