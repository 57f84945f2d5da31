/** Reducer rules of spec/channel.md not covered by the Fabric ports. */
import { CHANNEL_TIMER_EVENTS, DEFAULT_CHANNEL_PARAMS, ChannelEvent, isStopped, ledgerHeightOf } from '../../src/channel';
import { decodeWith } from '../../src/core';
import {
  channelA,
  configOf,
  FABRIC_TEST_PARAMS,
  macOf,
  memberOf,
  membership,
  ORG1,
  ORG2,
  outputsOf,
  pkiIDInOrg1,
  pkiIDinOrg2,
  pushed,
  startChannel,
  stateInfoOf,
  testPeer,
} from './fixture';

describe('channel rules', () => {
  it('[CHN-PARAM-INTERVALS.1] defaults are Fabric core.yaml: publish and request 4s, pullPeerNum 3, sweep pullInterval × 5 = 20s', () => {
    expect(DEFAULT_CHANNEL_PARAMS).toEqual({ publishStateInfoIntervalMs: 4000, requestStateInfoIntervalMs: 4000, pullPeerNum: 3, stateInfoCacheSweepIntervalMs: 20_000 });
  });

  it('[CHN-ASM-INPUTS.1] inputs are decoded with io-ts: a StateInfo input carrying another content is refused at the edge', () => {
    const good = pushed(pkiIDInOrg1, stateInfoOf(pkiIDInOrg1, 1));
    expect(decodeWith(ChannelEvent, good).ok).toBe(true);
    const bad = { ...good, envelope: { payload: { nonce: 0n, channel: '', tag: 'CHAN_OR_ORG', content: { $case: 'empty', empty: {} } }, signature: '' } };
    expect(decodeWith(ChannelEvent, bad).ok).toBe(false);
  });

  it('[CHN-MSG-STATE-INFO-PULL.1] [CHN-FUNC-REQUEST-STATE-INFO.1] every requestStateInfoInterval a NoopSigned request with our MAC goes to min(pullPeerNum, n) members of channel orgs', () => {
    const d = startChannel();
    const org1 = [1, 2, 3, 4].map((i) => testPeer(ORG1, `r${i}`));
    d.send(membership([...org1.map((p) => memberOf(p)), memberOf(pkiIDinOrg2)]));
    d.advanceBy(FABRIC_TEST_PARAMS.requestStateInfoIntervalMs);
    const sends = outputsOf(d, 'send');
    expect(sends).toHaveLength(1);
    expect(sends[0]!.to).toHaveLength(FABRIC_TEST_PARAMS.pullPeerNum);
    for (const to of sends[0]!.to) expect(org1.map((p) => p.pkiId)).toContain(to.pkiId);
    expect(sends[0]!.message).toEqual({
      payload: { nonce: 0n, channel: '', tag: 'CHAN_OR_ORG', content: { $case: 'stateInfoPullReq', stateInfoPullReq: { channelMAC: macOf(pkiIDInOrg1) } } },
      signature: '',
    });
    // Nobody of a channel org alive: nothing is sent.
    d.send(membership([memberOf(pkiIDinOrg2)]));
    const from = d.outputs.length;
    d.advanceBy(FABRIC_TEST_PARAMS.requestStateInfoIntervalMs * 3);
    expect(outputsOf(d, 'send', from)).toHaveLength(0);
  });

  it('[CHN-FUNC-STATE-INFO-NEWER.1] [CHN-FUNC-STATE-INFO-RELAY.1] only a newer StateInfo replaces the cached one; the accepted one is relayed, never to its sender', () => {
    const d = startChannel();
    const older = stateInfoOf(pkiIDInOrg1, 1);
    const newer = stateInfoOf(pkiIDInOrg1, 2);
    d.send(pushed(pkiIDInOrg1, newer));
    d.send(pushed(pkiIDInOrg1, older));
    d.send(pushed(pkiIDInOrg1, newer));
    expect(ledgerHeightOf(d.state, pkiIDInOrg1.pkiId)).toBe(2);
    expect(outputsOf(d, 'gossip')).toEqual([{ kind: 'gossip', envelope: newer, excludePkiId: pkiIDInOrg1.pkiId }]);
    expect(outputsOf(d, 'rejected')).toEqual([]);
  });

  it('[CHN-FUNC-STATE-INFO-CHECKS.2] a StateInfo not newer than the cached one (a duplicate, an older one) is dropped silently: no output, the state unchanged', () => {
    const d = startChannel({ config: configOf(1, ORG1) });
    // The fixture stamps each StateInfo it makes newer than the one before: make the older first.
    const older = stateInfoOf(pkiIDInOrg1, 1);
    const newer = stateInfoOf(pkiIDInOrg1, 2);
    d.send(pushed(pkiIDInOrg1, newer));
    for (const [what, e] of [['the same one again', newer], ['an older one', older]] as const) {
      const before = d.state;
      const [after, outs] = d.reducer.step(before, pushed(pkiIDInOrg1, e));
      expect([what, outs]).toEqual([what, []]);
      expect(after.context).toEqual(before.context);
    }
    // Not vacuous: the checks before the cache still come first and still count, duplicate or not.
    const [, badMac] = d.reducer.step(d.state, pushed(pkiIDInOrg1, stateInfoOf(pkiIDInOrg1, 1, { mac: macOf(pkiIDinOrg2) })));
    expect(badMac.map((o) => o.kind === 'rejected' && o.reason)).toEqual(['stateInfo.badMac']);
    const [, wrongOrg] = d.reducer.step(d.state, pushed(pkiIDInOrg1, stateInfoOf(pkiIDinOrg2, 5), pkiIDinOrg2));
    expect(wrongOrg.map((o) => o.kind === 'rejected' && o.reason)).toEqual(['stateInfo.subjectNotInChannel']);
  });

  it('[CHN-FUNC-CACHE-SWEEP.1] the sweep drops the StateInfo of peers membership no longer knows, and keeps dead ones it knows', () => {
    const d = startChannel({ config: configOf(1, ORG1, ORG2) });
    const gone = testPeer(ORG1, 'gone');
    d.send(pushed(pkiIDInOrg1, stateInfoOf(pkiIDInOrg1, 1)));
    d.send(pushed(pkiIDinOrg2, stateInfoOf(pkiIDinOrg2, 1)));
    d.send(pushed(gone, stateInfoOf(gone, 1)));
    d.send(membership([memberOf(pkiIDInOrg1)], [memberOf(pkiIDinOrg2)]));
    d.advanceBy(FABRIC_TEST_PARAMS.stateInfoCacheSweepIntervalMs);
    expect(ledgerHeightOf(d.state, pkiIDInOrg1.pkiId)).toBe(1);
    expect(ledgerHeightOf(d.state, pkiIDinOrg2.pkiId)).toBe(1);
    expect(ledgerHeightOf(d.state, gone.pkiId)).toBeUndefined();
  });

  it('[CHN-FUNC-STOP.1] Stop cancels the timers; afterwards nothing happens', () => {
    const d = startChannel();
    d.send({ type: 'STOP' });
    expect(isStopped(d.state)).toBe(true);
    expect(d.armedTimers()).toEqual([]);
    const before = d.state;
    const [after, outs] = d.reducer.step(before, { type: 'LEDGER_HEIGHT', nowMs: 1, height: 3 });
    expect(after).toBe(before);
    expect(outs).toEqual([]);
  });

  it('[CHN-FUNC-CONFIG.1] a newer config with the same org map only advances the sequence; one for another channel is ignored', () => {
    const d = startChannel({ config: configOf(1, ORG1) });
    d.send({ type: 'CONFIG_UPDATED', config: configOf(2, ORG1) });
    expect(d.state.context.sequence).toBe(2);
    d.send({ type: 'CONFIG_UPDATED', config: { ...configOf(3, ORG2), channel: 'B' as typeof channelA } });
    expect(d.state.context.orgs).toEqual([ORG1]);
    expect(outputsOf(d, 'log')).toHaveLength(1);
  });

  it('[CHN-FUNC-LEAVE.1] a second LEAVE changes nothing', () => {
    const d = startChannel();
    d.send({ type: 'LEAVE', nowMs: 1 });
    const before = d.state;
    d.send({ type: 'LEAVE', nowMs: 2 });
    expect(d.state.context).toBe(before.context);
    expect(Object.values(CHANNEL_TIMER_EVENTS).sort()).toEqual(d.armedTimers().sort());
  });
});
