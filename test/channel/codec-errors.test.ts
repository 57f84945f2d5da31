/**
 * Decode failures of the channel's codecs name the codec and the field ([MSG-FUNC-DECODE-ERROR.1]):
 * a host counts rejected inputs by these names, so a codec's name is part of its contract.
 */
import * as t from 'io-ts';
import {
  AnchorPeer,
  ChannelCommand,
  ChannelConfig,
  ChannelEvent,
  ChannelMember,
  ChannelParams,
  ChannelSelf,
  ChannelStart,
  ChannelTimerEvent,
  CHANNEL_TIMER_EVENTS,
  ConfigUpdated,
  KnownIdentities,
  LedgerHeight,
  LeaveChannel,
  MembershipChanged,
  PullRequestReceived,
  SnapshotReceived,
  StateInfoReceived,
  StopChannel,
} from '../../src/channel';
import { decodeWith } from '../../src/core';
import { decodeRejection as rejection } from '../helpers/decode-rejection';
import { channelA, configOf, FABRIC_TEST_PARAMS, memberOf, ORG1, pkiIDInOrg1, pullRequestFrom, pushed, snapshotFrom, stateInfoOf } from './fixture';

describe('channel codec errors', () => {
  it('[MSG-FUNC-DECODE-ERROR.1] [CHN-ASM-INPUTS.1] a value that is not an object is rejected at the root by the codec of that name', () => {
    const named: [string, t.Mixed][] = [
      ['AnchorPeer', AnchorPeer],
      ['ChannelConfig', ChannelConfig],
      ['ChannelMember', ChannelMember],
      ['KnownIdentities', KnownIdentities],
      ['ConfigUpdated', ConfigUpdated],
      ['LedgerHeight', LedgerHeight],
      ['LeaveChannel', LeaveChannel],
      ['MembershipChanged', MembershipChanged],
      ['StateInfoReceived', StateInfoReceived],
      ['SnapshotReceived', SnapshotReceived],
      ['PullRequestReceived', PullRequestReceived],
      ['StopChannel', StopChannel],
      ['ChannelCommand', ChannelCommand],
      ['ChannelTimerEvent', ChannelTimerEvent],
      ['ChannelSelf', ChannelSelf],
      ['ChannelStart', ChannelStart],
      ['ChannelParams', ChannelParams],
    ];
    for (const [name, codec] of named) expect(rejection(codec, 5)).toEqual({ kind: 'decodeError', codec: name, path: '', message: `(root): expected ${name}, got 5` });
    // The event codec is a union of the commands and the timers: a non-object is named by the whole.
    expect(rejection(ChannelEvent, 5)).toMatchObject({ codec: 'ChannelEvent', message: '(root): expected ChannelEvent, got 5' });
  });

  it('[MSG-FUNC-DECODE-ERROR.1] [CHN-ASM-INPUTS.1] a bad nested field is named with the codec of that field', () => {
    const start = { self: { pkiId: pkiIDInOrg1.pkiId, org: ORG1, identity: pkiIDInOrg1.identity, endpoint: '' }, config: configOf(1, ORG1), startTimeMs: 0, seed: 1, params: FABRIC_TEST_PARAMS };
    expect(decodeWith(ChannelStart, start).ok).toBe(true);
    expect(rejection(ChannelStart, { ...start, self: 5 }).message).toBe('self: expected ChannelSelf, got 5');
    expect(rejection(ChannelStart, { ...start, params: 5 }).message).toBe('params: expected ChannelParams, got 5');
    expect(rejection(ChannelStart, { ...start, config: 5 }).message).toBe('config: expected ChannelConfig, got 5');
    expect(rejection(ChannelStart, { ...start, config: { ...start.config, orgs: 5 } }).message).toBe('config.orgs: expected Orgs, got 5');
    expect(rejection(ChannelConfig, { ...start.config, orgs: [{ mspId: ORG1, anchorPeers: [5] }] }).message).toBe('orgs.0.anchorPeers.0: expected AnchorPeer, got 5');

    const members = { type: 'MEMBERSHIP_CHANGED', alive: [memberOf(pkiIDInOrg1)], dead: [] };
    expect(decodeWith(MembershipChanged, members).ok).toBe(true);
    // An intersection reports its failing member (ChannelMember's name is checked at the root above).
    expect(rejection(MembershipChanged, { ...members, dead: [5] })).toMatchObject({ codec: 'MembershipChanged', path: 'dead.0' });

    // The three inbound messages: their envelopes and identity maps, each under its own name.
    const push = pushed(pkiIDInOrg1, stateInfoOf(pkiIDInOrg1, 1));
    const snapshot = snapshotFrom(pkiIDInOrg1, channelA, []);
    const request = pullRequestFrom(pkiIDInOrg1);
    for (const ok of [push, snapshot, request]) expect(decodeWith(ChannelEvent, ok).ok).toBe(true);
    // Envelopes are intersections too: the error names the envelope field and the event's codec.
    expect(rejection(StateInfoReceived, { ...push, envelope: 5 })).toMatchObject({ codec: 'StateInfoReceived', path: 'envelope' });
    expect(rejection(SnapshotReceived, { ...snapshot, envelope: 5 })).toMatchObject({ codec: 'SnapshotReceived', path: 'envelope' });
    expect(rejection(PullRequestReceived, { ...request, envelope: 5 })).toMatchObject({ codec: 'PullRequestReceived', path: 'envelope' });
    expect(rejection(StateInfoReceived, { ...push, identities: 5 }).message).toBe('identities: expected KnownIdentities, got 5');
  });

  it('[CHN-ASM-INPUTS.1] the timer events decode by their exported names, and no other name does', () => {
    for (const type of Object.values(CHANNEL_TIMER_EVENTS)) expect(decodeWith(ChannelEvent, { type }).ok).toBe(true);
    expect(decodeWith(ChannelTimerEvent, { type: '' }).ok).toBe(false);
  });
});
