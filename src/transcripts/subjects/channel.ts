/**
 * `use channel`: one peer's channel instance (src/channel; Fabric's gossip/channel/channel.go):
 * StateInfo published, received, pulled and served; the channel view. One node, `self`. Other
 * peers are declared with `peer`; their StateInfo messages are built and signed by the transcript
 * (symbolic crypto). PKI-IDs print as peer names.
 *
 *   use channel self=p1 org=ORG1 channel=A orgs=(ORG1) sequence=1 publishStateInfoInterval=100ms requestStateInfoInterval=100ms pullPeerNum=3 stateInfoCacheSweepInterval=1s [seed=1]
 *   peer p2 org=ORG2 [endpoint=none]        declare a peer (endpoint: p2:7051, or none)
 *   membership alive=(p2,p3) [dead=(p4)] [anonymous=(p3)]   MEMBERSHIP_CHANGED (anonymous: identity unknown)
 *   stateinfo from=p2 [subject=p2] height=5 [left] [channel=B] [signer=p3] [mac=bad] [anonymous]   STATE_INFO_RECEIVED
 *   snapshot from=p2 elements=(p2:5,p3:7)  SNAPSHOT_RECEIVED (StateInfo of each subject at that height)
 *   pullreq from=p2 [channel=B]            PULL_REQUEST_RECEIVED (its MAC for that channel)
 *   config sequence=2 orgs=(ORG1,ORG2)     CONFIG_UPDATED
 *   ledger height=3 / leave / stop         LEDGER_HEIGHT / LEAVE / STOP
 * A received StateInfo is newer than every one the transcript built before it (Fabric stamps
 * time.Now()); `ts=N` sets its sequence number by hand, to send an older one.
 */
import { channelId, createSymbolicSuite, orgId, type PkiId, type SigningKey } from '../../core';
import {
  channelViolations,
  createChannelReducer,
  cacheInOrder,
  currentChannelPeers,
  DEFAULT_CHANNEL_PARAMS,
  hasLeftChannel,
  stateInfoMessage,
  stateInfoPullRequest,
  stateInfoSnapshot,
  type ChannelConfig,
  type ChannelEvent,
  type ChannelMember,
  type ChannelOutput,
  ChannelParams,
  type ChannelState,
  type StateInfoEnvelope,
} from '../../channel';
import { signMessage, type Envelope } from '../../messages';
import type { Args } from '../args';
import { fmtMs, list } from '../format';
import { decodedParams, oneWord, startUnit, UnitSession, type Started } from '../session';
import type { UnitHost, UnitNode } from '../unit-host';

const suite = createSymbolicSuite(7);

interface Declared {
  readonly name: string;
  readonly key: SigningKey;
  readonly pkiId: PkiId;
  readonly endpoint: string;
}

export function channelSubject(a: Args): Started {
  const selfName = a.str('self', 'p1');
  const selfOrg = a.str('org', 'ORG1');
  const channel = channelId(a.str('channel', 'A'));
  const orgs = a.list('orgs', [selfOrg]);
  const sequence = a.int('sequence', 1);
  const seed = a.int('seed', 1);
  const params = decodedParams(a, ChannelParams, {
    publishStateInfoIntervalMs: a.ms('publishStateInfoInterval', DEFAULT_CHANNEL_PARAMS.publishStateInfoIntervalMs),
    requestStateInfoIntervalMs: a.ms('requestStateInfoInterval', DEFAULT_CHANNEL_PARAMS.requestStateInfoIntervalMs),
    pullPeerNum: a.int('pullPeerNum', DEFAULT_CHANNEL_PARAMS.pullPeerNum),
    stateInfoCacheSweepIntervalMs: a.ms('stateInfoCacheSweepInterval', DEFAULT_CHANNEL_PARAMS.stateInfoCacheSweepIntervalMs),
  });
  a.done();

  const peers = new Map<string, Declared>();
  const names = new Map<string, string>();
  const declare = (name: string, org: string, endpoint: string): Declared => {
    const key = suite.enroll(org, name);
    const p = { name, key, pkiId: suite.pkiIdOf(key.identity), endpoint };
    peers.set(name, p);
    names.set(p.pkiId, name);
    return p;
  };
  const self = declare(selfName, selfOrg, `${selfName}:7051`);
  const nameOf = (pki: string): string => names.get(pki) ?? pki;
  const configOf = (seq: number, mspIds: readonly string[]): ChannelConfig => ({ channel, sequence: seq, orgs: mspIds.map((m) => ({ mspId: orgId(m), anchorPeers: [] })) });
  let stamp = 0n;
  const reducer = createChannelReducer({ crypto: suite, key: self.key });

  const peerArg = (c: Args, key: string): Declared => {
    const name = c.str(key);
    return peers.get(name) ?? c.fail(`unknown peer ${name} (declare it with: peer ${name} org=...)`);
  };
  const peerNamed = (c: Args, name: string): Declared => peers.get(name) ?? c.fail(`unknown peer ${name} (declare it with: peer ${name} org=...)`);
  const identities = (...ps: Declared[]): Record<string, string> => Object.fromEntries(ps.map((p) => [p.pkiId, p.key.identity]));

  const stateInfo = (subject: Declared, height: number, opts: { left?: boolean; channel?: string; signer?: Declared; mac?: string; ts?: bigint }): StateInfoEnvelope => {
    stamp += 1n;
    const msg = stateInfoMessage(suite, subject.pkiId, channelId(opts.channel ?? channel), { incNum: 1_000_000n, seqNum: opts.ts ?? 1_000_000n + stamp }, {
      ledgerHeight: height,
      leftChannel: opts.left ?? false,
      chaincodes: [],
    });
    const withMac = opts.mac === undefined ? msg : { ...msg, content: { ...msg.content, stateInfo: { ...msg.content.stateInfo, channelMAC: opts.mac } } };
    return signMessage(suite, (opts.signer ?? subject).key, withMac) as StateInfoEnvelope;
  };

  const describeStateInfo = (e: StateInfoEnvelope): string => {
    const si = e.payload.content.stateInfo;
    return `${nameOf(si.pkiId)}:${si.properties.ledgerHeight}${si.properties.leftChannel ? ':left' : ''}`;
  };

  const render = (_h: UnitHost, _n: UnitNode, out: unknown): string[] => {
    const o = out as ChannelOutput;
    switch (o.kind) {
      case 'gossip':
        return [`gossip stateInfo ${describeStateInfo(o.envelope)}${o.excludePkiId === undefined ? '' : ` exclude=${nameOf(o.excludePkiId)}`}`];
      case 'send': {
        const env = o.message as Envelope;
        const to = list(o.to.map((r) => nameOf(r.pkiId)).sort());
        const content = env.payload.content;
        if (content.$case === 'stateSnapshot') return [`send snapshot ${list(content.stateSnapshot.elements.map((e) => describeStateInfo(e as StateInfoEnvelope)).sort())} -> ${to}`];
        return [`send ${content.$case} -> ${to}`];
      }
      case 'rejected':
        return [`rejected ${o.reason}`];
      case 'log':
        return [`log ${o.level} ${o.message}`];
      case 'viewChanged':
        return [`viewChanged peers=${list(o.peers.map(nameOf).sort())} online=${list(o.wentOnline.map(nameOf).sort())} offline=${list(o.wentOffline.map(nameOf).sort())}`];
      default:
        return [JSON.stringify(o)];
    }
  };

  const selfNode = (h: UnitHost): UnitNode => h.node('self') as UnitNode;
  const session = new UnitSession(
    {
      multi: false,
      output: render,
      receive: () => {
        throw new Error('channel inputs are built by its commands');
      },
      timerInput: (event) => event,
      summary: (n): Record<string, string> => {
        const s = n.state as ChannelState;
        if (s.status === 'done') return { value: 'stopped' };
        const cache = cacheInOrder(s.context.cache).map(([, c]) => describeStateInfo(c.envelope)).sort();
        return {
          sequence: String(s.context.sequence),
          orgs: list(s.context.orgs),
          left: String(hasLeftChannel(s)),
          height: String(s.context.selfMessage.content.stateInfo.properties.ledgerHeight),
          cache: list(cache),
          view: list(currentChannelPeers(s).map(nameOf).sort()),
        };
      },
      check: (before, event, outputs, after) =>
        channelViolations({ before: before as ChannelState, event: event as ChannelEvent, outputs: outputs as ChannelOutput[], after: after as ChannelState }),
    },
    {
      peer(h, c) {
        const name = oneWord(c, 'name one peer: peer p2 org=ORG2');
        const org = c.str('org');
        const endpoint = c.str('endpoint', `${name}:7051`);
        c.done();
        if (peers.has(name)) c.fail(`${name} is declared already`);
        declare(name, org, endpoint === 'none' ? '' : endpoint);
        h.print(`declared ${name} org=${org}`);
      },
      membership(h, c) {
        const member = (name: string, anonymous: boolean): ChannelMember => {
          const p = peerNamed(c, name);
          return anonymous ? { pkiId: p.pkiId, endpoint: p.endpoint } : { pkiId: p.pkiId, endpoint: p.endpoint, identity: p.key.identity };
        };
        const alive = c.list('alive', []);
        const dead = c.list('dead', []);
        const anonymous = c.list('anonymous', []);
        c.done();
        h.input(selfNode(h), {
          type: 'MEMBERSHIP_CHANGED',
          alive: alive.map((n) => member(n, anonymous.includes(n))),
          dead: dead.map((n) => member(n, anonymous.includes(n))),
        } satisfies ChannelEvent);
      },
      stateinfo(h, c) {
        const from = peerArg(c, 'from');
        const subject = c.has('subject') ? peerArg(c, 'subject') : from;
        const height = c.int('height');
        const left = c.flag('left');
        const ch = c.str('channel', undefined);
        const signer = c.has('signer') ? peerArg(c, 'signer') : undefined;
        const mac = c.str('mac', undefined);
        const ts = c.has('ts') ? BigInt(c.int('ts')) : undefined;
        const anonymous = c.flag('anonymous');
        c.done();
        const opts = { left, ...(ch === undefined ? {} : { channel: ch }), ...(signer === undefined ? {} : { signer }), ...(mac === undefined ? {} : { mac }), ...(ts === undefined ? {} : { ts }) };
        const envelope = stateInfo(subject, height, opts);
        const known = anonymous ? identities(from) : identities(from, subject);
        if (anonymous) delete known[subject.pkiId];
        h.input(selfNode(h), { type: 'STATE_INFO_RECEIVED', from: from.pkiId, envelope, identities: known } satisfies ChannelEvent);
      },
      snapshot(h, c) {
        const from = peerArg(c, 'from');
        const elements = c.list('elements').map((e) => {
          const m = /^([^:]+):(\d+)$/.exec(e) ?? c.fail(`element ${e} must be peer:height`);
          return { p: peerNamed(c, m[1] as string), height: Number(m[2]) };
        });
        const ch = c.str('channel', channel);
        c.done();
        const envelope = stateInfoSnapshot(channelId(ch), elements.map((e) => stateInfo(e.p, e.height, {})));
        h.input(selfNode(h), { type: 'SNAPSHOT_RECEIVED', from: from.pkiId, envelope: envelope as never, identities: identities(from, ...elements.map((e) => e.p)) } satisfies ChannelEvent);
      },
      pullreq(h, c) {
        const from = peerArg(c, 'from');
        const ch = c.str('channel', channel);
        c.done();
        const envelope = stateInfoPullRequest(suite, from.pkiId, channelId(ch));
        h.input(selfNode(h), { type: 'PULL_REQUEST_RECEIVED', from: from.pkiId, endpoint: from.endpoint, envelope: envelope as never, identities: identities(from) } satisfies ChannelEvent);
      },
      config(h, c) {
        const seq = c.int('sequence');
        const mspIds = c.list('orgs');
        c.done();
        h.input(selfNode(h), { type: 'CONFIG_UPDATED', config: configOf(seq, mspIds) } satisfies ChannelEvent);
      },
      ledger(h, c) {
        const height = c.int('height');
        c.done();
        h.input(selfNode(h), { type: 'LEDGER_HEIGHT', nowMs: h.nowMs, height } satisfies ChannelEvent);
      },
      leave(h, c) {
        c.done();
        h.input(selfNode(h), { type: 'LEAVE', nowMs: h.nowMs } satisfies ChannelEvent);
      },
      stop(h, c) {
        c.done();
        h.input(selfNode(h), { type: 'STOP' } satisfies ChannelEvent);
      },
    },
  );
  return startUnit(session, (h) => {
    h.print(
      `params self=${selfName} org=${selfOrg} channel=${channel} orgs=${list(orgs)} sequence=${sequence} publishStateInfoInterval=${fmtMs(params.publishStateInfoIntervalMs)} ` +
        `requestStateInfoInterval=${fmtMs(params.requestStateInfoIntervalMs)} pullPeerNum=${params.pullPeerNum} stateInfoCacheSweepInterval=${fmtMs(params.stateInfoCacheSweepIntervalMs)}`,
    );
    const init = reducer.init({
      self: { pkiId: self.pkiId, org: orgId(selfOrg), identity: self.key.identity, endpoint: self.endpoint },
      config: configOf(sequence, orgs),
      startTimeMs: 0,
      seed,
      params,
    });
    h.addNode('self', (s, e) => reducer.step(s as ChannelState, e as ChannelEvent), init);
  });
}

