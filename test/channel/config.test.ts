/**
 * Channel configs ([CHN-FUNC-CONFIG.1], [CHN-FUNC-ORG-REMOVED.1]): which configs are ignored and
 * what they log (Fabric's ConfigureChannel warnings), when a newer config only advances the
 * sequence (Fabric's config eventer compares org maps order-free), and what a new org set drops.
 */
import { cachedStateInfo, hasOrgMapOf, type ChannelConfig } from '../../src/channel';
import { channelId, type OrgId } from '../../src/core';
import { configOf, FABRIC_TEST_PARAMS, memberOf, membership, ORG1, ORG2, ORG3, outputsOf, pkiIDInOrg1, pkiIDinOrg2, pushed, startChannel, stateInfoOf } from './fixture';

const withAnchors = (sequence: number, ...orgs: [OrgId, string[]][]): ChannelConfig => ({
  channel: channelId('A'),
  sequence,
  orgs: orgs.map(([mspId, anchors]) => ({ mspId, anchorPeers: anchors.map((a) => ({ host: a.split(':')[0]!, port: Number(a.split(':')[1]) })) })),
});

describe('channel configs', () => {
  it('[CHN-FUNC-CONFIG.1] an ignored config changes nothing and logs why: another channel, no org, a sequence not above the last', () => {
    const d = startChannel({ config: configOf(5, ORG1) });
    const before = d.state;
    const logs = (config: ChannelConfig) => {
      const [after, outs] = d.reducer.step(before, { type: 'CONFIG_UPDATED', config });
      expect(after.context).toBe(before.context);
      return outs;
    };
    expect(logs({ ...configOf(6, ORG2), channel: channelId('B') })).toEqual([{ kind: 'log', level: 'warn', message: 'config of channel B given to channel A, ignored' }]);
    // Fabric: "Received join channel message with empty set of members".
    expect(logs(configOf(6))).toEqual([{ kind: 'log', level: 'warn', message: 'Received join channel message with empty set of members' }]);
    // Fabric: "Already have a more updated JoinChannel message( 5 ) than 4"; an equal sequence too (Differs from Fabric).
    expect(logs(configOf(4, ORG2))).toEqual([{ kind: 'log', level: 'warn', message: 'Already have a more updated JoinChannel message(5) than 4' }]);
    expect(logs(configOf(5, ORG2))).toEqual([{ kind: 'log', level: 'warn', message: 'Already have a more updated JoinChannel message(5) than 5' }]);
    // The next sequence is applied, silently.
    const [after, outs] = d.reducer.step(before, { type: 'CONFIG_UPDATED', config: configOf(6, ORG2) });
    expect(outs).toEqual([]);
    expect(after.context.orgs).toEqual([ORG2]);
    expect(after.context.sequence).toBe(6);
  });

  it('[CHN-FUNC-CONFIG.1] org maps compare order-free, anchor peers included: the same map only advances the sequence', () => {
    const first = withAnchors(1, [ORG1, ['a:1', 'b:2']], [ORG2, []], [ORG3, ['c:3']]);
    const d = startChannel({ config: first });
    // Every order of the three orgs, anchors reversed: the same map.
    const perms: OrgId[][] = [
      [ORG1, ORG2, ORG3], [ORG1, ORG3, ORG2], [ORG2, ORG1, ORG3], [ORG2, ORG3, ORG1], [ORG3, ORG1, ORG2], [ORG3, ORG2, ORG1],
    ];
    const anchorsOf: Record<string, string[]> = { [ORG1]: ['b:2', 'a:1'], [ORG2]: [], [ORG3]: ['c:3'] };
    perms.forEach((perm, i) => {
      const same = withAnchors(2 + i, ...perm.map((o): [OrgId, string[]] => [o, anchorsOf[o]!]));
      expect([perm, hasOrgMapOf(d.state, same)]).toEqual([perm, true]);
      d.send({ type: 'CONFIG_UPDATED', config: same });
      // Only the sequence (and the config) moved: the orgs are still in the first config's order.
      expect(d.state.context.sequence).toBe(2 + i);
      expect(d.state.context.config).toBe(same);
      expect(d.state.context.orgs).toEqual([ORG1, ORG2, ORG3]);
    });
    // Another port, another host, one anchor fewer, one org fewer: another map, applied.
    for (const other of [
      withAnchors(20, [ORG1, ['a:1', 'b:3']], [ORG2, []], [ORG3, ['c:3']]),
      withAnchors(21, [ORG1, ['a:1', 'x:2']], [ORG2, []], [ORG3, ['c:3']]),
      withAnchors(22, [ORG1, ['a:1']], [ORG2, []], [ORG3, ['c:3']]),
      withAnchors(23, [ORG3, ['c:3']], [ORG1, ['a:1']]),
    ]) {
      expect(hasOrgMapOf(d.state, other)).toBe(false);
      d.send({ type: 'CONFIG_UPDATED', config: other });
      expect(d.state.context.orgs).toEqual(other.orgs.map((o) => o.mspId));
      expect(hasOrgMapOf(d.state, other)).toBe(true);
    }
  });

  it('[CHN-FUNC-ORG-REMOVED.1] a new org set drops the StateInfo of removed orgs\u2019 peers, never our own', () => {
    const d = startChannel({ config: configOf(1, ORG1, ORG2) });
    d.send(membership([memberOf(pkiIDinOrg2)]));
    d.send(pushed(pkiIDinOrg2, stateInfoOf(pkiIDinOrg2, 1)));
    d.send({ type: 'LEDGER_HEIGHT', nowMs: 0, height: 2 });
    d.advanceBy(FABRIC_TEST_PARAMS.publishStateInfoIntervalMs);
    expect(outputsOf(d, 'gossip').filter((o) => o.excludePkiId === undefined)).toHaveLength(1);
    expect(cachedStateInfo(d.state, pkiIDInOrg1.pkiId)).toBeDefined();
    // ORG1, ours, leaves the channel: our StateInfo stays; ORG2's peer stays too.
    d.send({ type: 'CONFIG_UPDATED', config: configOf(2, ORG2) });
    expect(cachedStateInfo(d.state, pkiIDInOrg1.pkiId)).toBeDefined();
    expect(cachedStateInfo(d.state, pkiIDinOrg2.pkiId)).toBeDefined();
    // ORG2 leaves: its peer's StateInfo goes.
    d.send({ type: 'CONFIG_UPDATED', config: configOf(3, ORG1) });
    expect(cachedStateInfo(d.state, pkiIDinOrg2.pkiId)).toBeUndefined();
    expect(cachedStateInfo(d.state, pkiIDInOrg1.pkiId)).toBeDefined();
  });
});
