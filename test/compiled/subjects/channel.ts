/**
 * The channel's chart, built as createChannelReducer builds it (createChannelMachine with the
 * channel fixture's symbolic crypto and the self peer's key; the catalog's channelMachine is the
 * same chart with crypto that refuses to run, for the docs). Events over channel_test.go's peers
 * (test/channel/fixture.ts): configs (newer, older, another channel, no org, same org map),
 * ledger heights, leave, membership views, StateInfo pushed or in snapshots from a pool signed
 * ahead of time (valid, wrong MAC, another channel, signed by another peer, left the channel;
 * re-sent ones are duplicates), with the sender's and subjects' identities known or not, and pull
 * requests with a right or wrong MAC.
 */
import fc from 'fast-check';
import { createChannelMachine, type ChannelStart, type StateInfoEnvelope } from '../../../src/channel';
import {
  channelA,
  configOf,
  identitiesOf,
  macOf,
  memberOf,
  ORG1,
  ORG2,
  ORG3,
  pkiIDInOrg1,
  pkiIDInOrg1ButNotEligible,
  pkiIDinOrg2,
  pkiIDinOrg3,
  pullRequestFrom,
  snapshotFrom,
  stateInfoOf,
  suite,
  type TestPeer,
} from '../../channel/fixture';
import { channelId, type OrgId } from '../../../src/core';
import { subject, type AnyEvent } from '../harness';

const SELF = pkiIDInOrg1;
const PEERS: readonly TestPeer[] = [pkiIDInOrg1, pkiIDInOrg1ButNotEligible, pkiIDinOrg2, pkiIDinOrg3];
const channelB = channelId('B');

export const channelMachineWithCrypto = createChannelMachine({ crypto: suite, key: SELF.key });

/** Signed once, at load: every kind of StateInfo the checks tell apart, from every peer. */
const POOL: readonly StateInfoEnvelope[] = PEERS.flatMap((p, i) => {
  const other = PEERS[(i + 1) % PEERS.length] as TestPeer;
  return [
    stateInfoOf(p, 1, { mac: macOf(p) }),
    stateInfoOf(p, 3, { mac: macOf(p) }),
    stateInfoOf(p, 2, { mac: 'wrong-mac' }),
    stateInfoOf(p, 2, { channel: channelB, mac: macOf(p, channelB) }),
    stateInfoOf(p, 2, { mac: macOf(p), signer: other.key }),
    stateInfoOf(p, 4, { mac: macOf(p), leftChannel: true }),
  ];
});

const peer = fc.constantFrom(...PEERS);
const known = fc.oneof({ arbitrary: fc.constant(PEERS), weight: 4 }, { arbitrary: fc.subarray([...PEERS]), weight: 1 });
const nowMs = fc.integer({ min: 0, max: 100 });
const orgs = fc.subarray([ORG1, ORG2, ORG3] as OrgId[]);
const member = fc.record({ p: peer, identityKnown: fc.constantFrom(true, true, true, false), endpoint: fc.constantFrom(undefined, '') });
const members = fc.uniqueArray(member, { selector: (m) => m.p.pkiId, maxLength: 4 }).map((ms) => ms.map((m) => memberOf(m.p, m.endpoint, m.identityKnown)));

const input = fc.record({
  self: fc.constant({ pkiId: SELF.pkiId, org: SELF.org, identity: SELF.identity, endpoint: `${SELF.pkiId}:7051` }),
  config: fc.constantFrom(configOf(1, ORG1), configOf(1, ORG1, ORG2), configOf(2, ORG1, ORG2, ORG3)),
  startTimeMs: fc.integer({ min: 0, max: 10 }),
  seed: fc.nat(1000),
  params: fc.record({
    publishStateInfoIntervalMs: fc.integer({ min: 1, max: 30 }),
    requestStateInfoIntervalMs: fc.integer({ min: 1, max: 30 }),
    pullPeerNum: fc.integer({ min: 1, max: 3 }),
    stateInfoCacheSweepIntervalMs: fc.integer({ min: 1, max: 60 }),
  }),
}) as unknown as fc.Arbitrary<ChannelStart>;

const event: fc.Arbitrary<AnyEvent> = fc.oneof(
  {
    arbitrary: fc
      .record({ channel: fc.constantFrom(channelA, channelA, channelA, channelB), sequence: fc.integer({ min: 0, max: 4 }), orgs })
      .map(({ channel, sequence, orgs: o }) => ({ type: 'CONFIG_UPDATED', config: { ...configOf(sequence, ...o), channel } })),
    weight: 2,
  },
  { arbitrary: fc.record({ type: fc.constant('LEDGER_HEIGHT'), nowMs, height: fc.integer({ min: 0, max: 10 }) }), weight: 2 },
  { arbitrary: fc.record({ type: fc.constant('LEAVE'), nowMs }), weight: 1 },
  { arbitrary: fc.record({ type: fc.constant('MEMBERSHIP_CHANGED'), alive: members, dead: members }), weight: 3 },
  {
    arbitrary: fc
      .record({ from: peer, envelope: fc.constantFrom(...POOL), known })
      .map(({ from, envelope, known: k }) => ({ type: 'STATE_INFO_RECEIVED', from: from.pkiId, envelope, identities: identitiesOf(...k) })),
    weight: 6,
  },
  {
    arbitrary: fc
      .record({ from: peer, channel: fc.constantFrom(channelA, channelA, channelB), elements: fc.subarray([...POOL], { maxLength: 3 }), known })
      .map(({ from, channel, elements, known: k }) => snapshotFrom(from, channel, elements, ...k)),
    weight: 3,
  },
  {
    arbitrary: fc
      .record({ from: peer, macChannel: fc.constantFrom(channelA, channelA, channelB), known })
      .map(({ from, macChannel, known: k }) => pullRequestFrom(from, { macChannel }, ...k)),
    weight: 2,
  },
  { arbitrary: fc.constant({ type: 'STOP' }), weight: 1 },
);

export const channelSubject = subject<ChannelStart, AnyEvent>({ machine: channelMachineWithCrypto, input, event, maxSteps: 40, numRuns: 150 });
