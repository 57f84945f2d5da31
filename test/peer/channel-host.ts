/**
 * A one-peer host that plays Fabric's channel adapter (gossipAdapterMock) for ports of
 * gossip/gossip/channel/channel_test.go on the composed peer, and the messages those tests build
 * (createStateInfoMsg, dataMsgOfChannel, createHelloMsg, ...). Shared by the channel ports.
 */
import { createSymbolicSuite, type Effect, type HostInput, type PeerRef, type SigningKey } from '../../src/core';
import { stateInfoMessage } from '../../src/channel';
import { noopSign, signMessage, type Envelope, type EnvelopeOf } from '../../src/messages';
import { createPeerReducer, type PeerState } from '../../src/peer';
import { ordererBlockMaker } from '../../src/scenarios/orderer-blocks';
import { takeEarliestDueTimer } from '../helpers/due-queue';
import { configOf } from './fixtures';

export const CHANNEL_A = 'A';
export const suite = createSymbolicSuite(8);
export const ordererKey = suite.enroll('OrdererMSP', 'orderer0');
export const makeBlock = ordererBlockMaker(suite, ordererKey);

const enrolled = new Map<string, SigningKey>();
export function enroll(org: string, name: string): SigningKey {
  const key = suite.enroll(org, name);
  enrolled.set(suite.pkiIdOf(key.identity), key);
  return key;
}
export const pkiOf = (k: SigningKey) => suite.pkiIdOf(k.identity);
export const reducer = createPeerReducer(suite, (pki) => enrolled.get(pki), [ordererKey.identity]);

/** channel_test.go's conf, as core.yaml settings. */
export const CHANNEL_TEST_ENV = {
  CORE_PEER_GOSSIP_BOOTSTRAP: '',
  CORE_PEER_GOSSIP_PULLINTERVAL: '1s',
  CORE_PEER_GOSSIP_PULLPEERNUM: '3',
  CORE_PEER_GOSSIP_DIGESTWAITTIME: '150ms',
  CORE_PEER_GOSSIP_REQUESTWAITTIME: '300ms',
  CORE_PEER_GOSSIP_RESPONSEWAITTIME: '300ms',
  CORE_PEER_GOSSIP_PUBLISHSTATEINFOINTERVAL: '100ms',
  CORE_PEER_GOSSIP_REQUESTSTATEINFOINTERVAL: '100ms',
  CORE_PEER_GOSSIP_MAXBLOCKCOUNTTOSTORE: '100',
  CORE_PEER_GOSSIP_USELEADERELECTION: 'false',
  CORE_PEER_GOSSIP_ORGLEADER: 'false',
  CORE_PEER_GOSSIP_STATE_ENABLED: 'false',
};

export type Send = Extract<Effect, { kind: 'send' }>;
export const contentOf = (e: Send) => (e.message as Envelope).payload.content;

/**
 * Fabric's gossipAdapterMock as a host: performs timers in virtual time, records every effect, and
 * hands every `send` to `onSend`, whose answers are fed back as inputs right away.
 */
export class MockAdapterHost {
  nowMs = 0;
  readonly effects: { atMs: number; effect: Effect }[] = [];
  onSend: (send: Send) => readonly HostInput[] = () => [];
  private readonly timers = new Map<string, { atMs: number; seq: number; event: unknown }>();
  private seq = 0;

  constructor(public state: PeerState, initial: readonly Effect[]) {
    this.perform(initial);
  }

  input(input: HostInput): void {
    const [next, effects] = reducer.step(this.state, input);
    this.state = next;
    this.perform(effects);
  }

  receive(from: SigningKey, payload: unknown): void {
    this.input({ kind: 'receive', nowMs: this.nowMs, from: conn(from), payload });
  }

  runUntil(targetMs: number): void {
    for (;;) {
      const due = takeEarliestDueTimer(this.timers, targetMs);
      if (!due) break;
      this.nowMs = due[1].atMs;
      this.input({ kind: 'timer', nowMs: this.nowMs, timerId: due[0], event: due[1].event });
    }
    this.nowMs = targetMs;
  }

  advanceBy(ms: number): void {
    this.runUntil(this.nowMs + ms);
  }

  /** The sends since effect index `from`. */
  sends(from = 0): Send[] {
    return this.effects.slice(from).flatMap(({ effect }) => (effect.kind === 'send' ? [effect] : []));
  }

  /** The seqs committed (Fabric's DeMultiplex reaching the state provider) since effect index `from`. */
  committed(from = 0): number[] {
    return this.effects.slice(from).flatMap(({ effect }) => (effect.kind === 'deliverToLedger' ? [Number(effect.seq)] : []));
  }

  private perform(effects: readonly Effect[]): void {
    const answers: HostInput[] = [];
    for (const effect of effects) {
      this.effects.push({ atMs: this.nowMs, effect });
      if (effect.kind === 'setTimer') this.timers.set(effect.timerId, { atMs: this.nowMs + effect.delayMs, seq: this.seq++, event: effect.event });
      else if (effect.kind === 'cancelTimer') this.timers.delete(effect.timerId);
      else if (effect.kind === 'send') answers.push(...this.onSend(effect));
    }
    for (const a of answers) this.input(a);
  }
}

export const conn = (k: SigningKey): { pkiId: ReturnType<typeof pkiOf>; identity: string; endpoint: string } => ({ pkiId: pkiOf(k), identity: k.identity, endpoint: `${pkiOf(k)}:7051` });

/** Fabric's NewGossipChannel for `self`, joined to channel A of `orgs`, at ledger height `height`. */
export function newGossipChannel(self: SigningKey, orgs: readonly string[], height: number, env: Record<string, string> = {}): MockAdapterHost {
  const [s0, effects] = reducer.init({
    self: { pkiId: pkiOf(self), identity: self.identity, org: suite.orgOf(self.identity)!, internalEndpoint: `${pkiOf(self)}:7051`, externalEndpoint: `${pkiOf(self)}:7051` },
    config: configOf('fabric-2.x', { ...CHANNEL_TEST_ENV, ...env }),
    startTimeMs: 0,
    seed: 11,
    ledgerHeights: { [CHANNEL_A]: height },
  });
  const host = new MockAdapterHost(s0, effects);
  host.input({ kind: 'command', nowMs: 0, command: { type: 'JOIN_CHANNEL', channel: CHANNEL_A, sequence: 0, orgs: orgs.map((mspId) => ({ mspId, anchorPeers: [] })) } });
  return host;
}

/**
 * Membership learns `peer` (GetMembership lists it, GetOrgOfPeer knows its org): its signed alive
 * message, with its external endpoint (`endpoint`, default `<pki>:7051`; '' for none), when given
 * its internal endpoint in a SecretEnvelope, and its PeerTime seqNum (default 1; a higher one keeps
 * the peer alive).
 */
export function aliveOf(peer: SigningKey, opts: { readonly endpoint?: string; readonly internalEndpoint?: string; readonly seqNum?: bigint } = {}): Envelope {
  return signMessage(
    suite,
    peer,
    {
      nonce: 0n,
      channel: '',
      tag: 'EMPTY' as const,
      content: { $case: 'aliveMsg' as const, aliveMsg: { membership: { endpoint: opts.endpoint ?? `${pkiOf(peer)}:7051`, metadata: '', pkiId: pkiOf(peer) }, timestamp: { incNum: 1n, seqNum: opts.seqNum ?? 1n } } },
    },
    opts.internalEndpoint,
  );
}

let incarnation = 1_000n;
/** Fabric's createStateInfoMsg(ledgerHeight, pkiID, channel), signed by its subject. */
export function stateInfoMsg(ledgerHeight: number, subject: SigningKey): Envelope {
  incarnation += 1n;
  return signMessage(suite, subject, stateInfoMessage(suite, pkiOf(subject), CHANNEL_A as never, { incNum: incarnation, seqNum: 1n }, { ledgerHeight, leftChannel: false, chaincodes: [] }));
}

/** Fabric's createDataMsg / dataMsgOfChannel: a DataMessage of channel A carrying the orderer's block `seq`. */
export function dataMsg(seq: number): EnvelopeOf<'dataMsg'> {
  return noopSign({ nonce: 0n, channel: CHANNEL_A, tag: 'CHAN_AND_ORG' as const, content: { $case: 'dataMsg' as const, dataMsg: { payload: { seqNum: seq, data: makeBlock(CHANNEL_A, seq, `prev-${seq - 1}`), privateData: [] } } } });
}

/** Fabric's createHelloMsg (nonce 500, BLOCK_MSG). */
export const helloMsg = (): Envelope =>
  noopSign({ nonce: 0n, channel: CHANNEL_A, tag: 'CHAN_AND_ORG' as const, content: { $case: 'hello' as const, hello: { nonce: 500n, metadata: '', msgType: 'BLOCK_MSG' as const } } });

export const digestMsg = (nonce: bigint, digests: readonly string[]): Envelope =>
  noopSign({ nonce: 0n, channel: CHANNEL_A, tag: 'CHAN_AND_ORG' as const, content: { $case: 'dataDig' as const, dataDig: { nonce, digests, msgType: 'BLOCK_MSG' as const } } });

/** Fabric's createDataUpdateMsg(nonce, seqs...). */
export const dataUpdateMsg = (nonce: bigint, seqs: readonly number[]): Envelope =>
  noopSign({ nonce: 0n, channel: CHANNEL_A, tag: 'CHAN_AND_ORG' as const, content: { $case: 'dataUpdate' as const, dataUpdate: { nonce, msgType: 'BLOCK_MSG' as const, data: seqs.map(dataMsg) } } });

export const sequence = (start: number, end: number): number[] => Array.from({ length: end - start + 1 }, (_, i) => start + i);
export const receiveFrom = (host: MockAdapterHost, from: SigningKey, payload: Envelope): HostInput => ({ kind: 'receive', nowMs: host.nowMs, from: conn(from), payload });
export const toPki = (to: readonly PeerRef[]) => to.map((r) => r.pkiId);

/**
 * Fabric's simulatePullPhaseWithVariableDigest as an onSend hook: the first hello is answered by
 * `imaginary` with a digest of `proposed` (the hello's nonce); the first request must ask exactly
 * for `expectedRequest`, and is answered with an update of `seqs` (the request's nonce), after
 * which `done` is called (Fabric's wg.Done()).
 */
export function pullPhase(host: MockAdapterHost, imaginary: SigningKey, proposed: readonly string[], expectedRequest: readonly string[], seqs: () => readonly number[], done: () => void) {
  let sentHello = false;
  let sentReq = false;
  return (send: Send): HostInput[] => {
    const c = contentOf(send);
    if (c.$case === 'hello' && c.hello.msgType === 'BLOCK_MSG' && !sentHello) {
      sentHello = true;
      return [receiveFrom(host, imaginary, digestMsg(c.hello.nonce, proposed))];
    }
    if (c.$case === 'dataReq' && c.dataReq.msgType === 'BLOCK_MSG' && !sentReq) {
      sentReq = true;
      expect([...c.dataReq.digests].sort()).toEqual([...expectedRequest].sort());
      done();
      return [receiveFrom(host, imaginary, dataUpdateMsg(c.dataReq.nonce, seqs()))];
    }
    return [];
  };
}

