/**
 * A one-instance channel fixture: symbolic crypto, Fabric channel_test.go's names and timing, a
 * TimerDriver host, and the channel's invariants checked after every step.
 */
import { channelId, channelMac, createSymbolicSuite, orgId, type ChannelId, type CryptoSuite, type OrgId, type PkiId, type SigningKey } from '../../src/core';
import {
  channelViolations,
  createChannelReducer,
  stateInfoMessage,
  stateInfoPullRequest,
  stateInfoSnapshot,
  type ChannelConfig,
  type ChannelEvent,
  type ChannelMember,
  type ChannelOutput,
  type ChannelParams,
  type ChannelReducer,
  type ChannelState,
  type KnownIdentities,
  type StateInfoEnvelope,
} from '../../src/channel';
import { signMessage, type Envelope } from '../../src/messages';
import { TimerDriver } from '../helpers/timer-driver';

export const suite = createSymbolicSuite(7);

/** channel_test.go's conf: publish and request StateInfo every 100ms, sweep every 1s, pullPeerNum 3. */
export const FABRIC_TEST_PARAMS: ChannelParams = {
  publishStateInfoIntervalMs: 100,
  requestStateInfoIntervalMs: 100,
  pullPeerNum: 3,
  stateInfoCacheSweepIntervalMs: 1000,
};

export const channelA = channelId('A');
export const ORG1 = orgId('ORG1');
export const ORG2 = orgId('ORG2');
export const ORG3 = orgId('ORG3');

export interface TestPeer {
  readonly key: SigningKey;
  readonly pkiId: PkiId;
  readonly org: OrgId;
  readonly identity: string;
}

export function testPeer(org: OrgId, name: string): TestPeer {
  const key = suite.enroll(org, name);
  return { key, pkiId: suite.pkiIdOf(key.identity), org, identity: key.identity };
}

/** The peers of channel_test.go. */
export const pkiIDInOrg1 = testPeer(ORG1, 'pkiIDInOrg1');
export const pkiIDInOrg1ButNotEligible = testPeer(ORG1, 'pkiIDInOrg1ButNotEligible');
export const pkiIDinOrg2 = testPeer(ORG2, 'pkiIDinOrg2');
export const pkiIDinOrg3 = testPeer(ORG3, 'pkiIDinOrg3');

export function configOf(sequence: number, ...orgs: OrgId[]): ChannelConfig {
  return { channel: channelA, sequence, orgs: orgs.map((mspId) => ({ mspId, anchorPeers: [] })) };
}

/** What membership knows of a peer: identity known, external endpoint as given. */
export function memberOf(p: TestPeer, endpoint = `${p.pkiId}:7051`, identityKnown = true): ChannelMember {
  return identityKnown ? { pkiId: p.pkiId, endpoint, identity: p.identity } : { pkiId: p.pkiId, endpoint };
}

export function identitiesOf(...peers: TestPeer[]): KnownIdentities {
  return Object.fromEntries(peers.map((p) => [p.pkiId, p.identity]));
}

// Fabric's createStateInfoMsg stamps incNum with time.Now(): every message it creates is newer.
let incarnation = 1_000_000n;

/** Fabric's createStateInfoMsg, signed by the subject (Fabric NoopSigns and mocks the check). */
export function stateInfoOf(
  subject: TestPeer,
  ledgerHeight: number,
  opts: { channel?: ChannelId; leftChannel?: boolean; mac?: string; signer?: SigningKey; crypto?: CryptoSuite } = {},
): StateInfoEnvelope {
  incarnation += 1n;
  const msg = stateInfoMessage(suite, subject.pkiId, opts.channel ?? channelA, { incNum: incarnation, seqNum: 1n }, {
    ledgerHeight,
    leftChannel: opts.leftChannel ?? false,
    chaincodes: [],
  });
  const withMac = opts.mac === undefined ? msg : { ...msg, content: { ...msg.content, stateInfo: { ...msg.content.stateInfo, channelMAC: opts.mac } } };
  return signMessage(suite, opts.signer ?? subject.key, withMac) as StateInfoEnvelope;
}

export const macOf = (p: TestPeer, channel: ChannelId = channelA): string => channelMac(suite, p.pkiId, channel);

export function pushed(from: TestPeer, envelope: StateInfoEnvelope, ...known: TestPeer[]): ChannelEvent {
  return { type: 'STATE_INFO_RECEIVED', from: from.pkiId, envelope, identities: identitiesOf(from, ...known) };
}

export function snapshotFrom(from: TestPeer, channel: ChannelId, elements: readonly StateInfoEnvelope[], ...known: TestPeer[]): ChannelEvent {
  return { type: 'SNAPSHOT_RECEIVED', from: from.pkiId, envelope: stateInfoSnapshot(channel, elements) as never, identities: identitiesOf(from, ...known) };
}

/** A StateInfoPullRequest from `from` (its MAC for `macChannel`, or `mac` verbatim). */
export function pullRequestFrom(from: TestPeer, opts: { macChannel?: ChannelId; mac?: string } = {}, ...known: TestPeer[]): ChannelEvent {
  const req = stateInfoPullRequest(suite, from.pkiId, opts.macChannel ?? channelA);
  const envelope =
    opts.mac === undefined ? req : { ...req, payload: { ...req.payload, content: { $case: 'stateInfoPullReq' as const, stateInfoPullReq: { channelMAC: opts.mac } } } };
  return { type: 'PULL_REQUEST_RECEIVED', from: from.pkiId, endpoint: `${from.pkiId}:7051`, envelope: envelope as never, identities: identitiesOf(from, ...known) };
}

export const membership = (alive: readonly ChannelMember[], dead: readonly ChannelMember[] = []): ChannelEvent => ({ type: 'MEMBERSHIP_CHANGED', alive, dead });

/** A reducer step with every invariant checked; a rejection must leave the state deep-equal. */
export function checkedStepOf(reducer: ChannelReducer) {
  return (state: ChannelState, event: ChannelEvent): readonly [ChannelState, readonly ChannelOutput[]] => {
    const [after, outputs] = reducer.step(state, event);
    const violations = channelViolations({ before: state, event, outputs, after });
    if (violations.length > 0) throw new Error(`on ${event.type}: ${violations.join('; ')}`);
    return [after, outputs];
  };
}

export type ChannelDriver = TimerDriver<ChannelState, ChannelEvent, ChannelOutput> & { readonly reducer: ChannelReducer };

export interface StartOptions {
  readonly self?: TestPeer;
  readonly selfEndpoint?: string;
  readonly config?: ChannelConfig;
  readonly params?: ChannelParams;
  readonly crypto?: CryptoSuite;
  readonly seed?: number;
}

/** Fabric's NewGossipChannel with channel_test.go's conf; the default config is `&joinChanMsg{}` (ORG1 only). */
export function startChannel(opts: StartOptions = {}): ChannelDriver {
  const self = opts.self ?? pkiIDInOrg1;
  const reducer = createChannelReducer({ crypto: opts.crypto ?? suite, key: self.key });
  const [s0, out] = reducer.init({
    self: { pkiId: self.pkiId, org: self.org, identity: self.identity, endpoint: opts.selfEndpoint ?? `${self.pkiId}:7051` },
    config: opts.config ?? configOf(1, ORG1),
    startTimeMs: 0,
    seed: opts.seed ?? 1,
    params: opts.params ?? FABRIC_TEST_PARAMS,
  });
  const driver = new TimerDriver(checkedStepOf(reducer), s0, out) as ChannelDriver;
  Object.defineProperty(driver, 'reducer', { value: reducer });
  return driver;
}

/** Outputs of a kind since index `from` of the driver's record. */
export function outputsOf<K extends ChannelOutput['kind']>(d: ChannelDriver, kind: K, from = 0): Extract<ChannelOutput, { kind: K }>[] {
  return d.outputs.slice(from).map((o) => o.output).filter((o): o is Extract<ChannelOutput, { kind: K }> => o.kind === kind);
}

/** The snapshot a `send` carries, as the PKI-IDs of its elements. */
export function snapshotSubjects(message: unknown): string[] {
  const env = message as Envelope;
  if (env.payload.content.$case !== 'stateSnapshot') throw new Error(`not a snapshot: ${env.payload.content.$case}`);
  return env.payload.content.stateSnapshot.elements.map((e) => e.payload.content.stateInfo.pkiId);
}
