/**
 * Membership's discovery chart, built as createMembershipReducer builds it (createDiscoveryMachine
 * with the membership fixture's symbolic crypto and the self peer's key; the catalog's
 * discoveryMachine is the same chart with crypto that refuses to run). Every event is made as the
 * reducer makes it (src/membership/admission.ts: identity and signature checks added) from the
 * current view: messages from four peers of two orgs (alive messages from a pool signed ahead of
 * time: newer and older, with and without identity and SecretEnvelope, forged, about ourselves;
 * membership requests, spoofed or not; responses echoing a Connect's nonce or not, and their
 * entries), handshake results answering a probe or a Connect's current attempt (the expected
 * peer, another, a failure, a bad identity, an identity switch), the Connects' timers, commands,
 * and the chart's own timers with the time the host adds (the msg-store's also late and unarmed,
 * so that entries expire). Short periods and TTLs make members
 * expire, get probed and purged within a run.
 */
import fc from 'fast-check';
import { orgId, type ConnectionInfo, type PkiId } from '../../../src/core';
import { noopSign, type Envelope } from '../../../src/messages';
import { createDiscoveryMachine, pentries, type MembershipInit, type MembershipView } from '../../../src/membership';
import { commandEvent, messageEvent, responseEntryEvent } from '../../../src/membership/admission';
import { aliveFrom, initFor, memReq, memRes, peer, symbolicSuite, type TestPeer } from '../../membership/fixtures';
import { subject, type AnyEvent } from '../harness';

const SELF = peer('S', 7200);
const A = peer('A', 7201);
const B = peer('B', 7202, 'Org1MSP', '');
const C = peer('C', 7203, 'Org2MSP', 'c.example:7203');
const OTHERS: readonly TestPeer[] = [A, B, C];
const EVERYONE: readonly TestPeer[] = [SELF, A, B, C];
const env = { crypto: symbolicSuite, key: SELF.key };

export const discoveryMachineWithCrypto = createDiscoveryMachine(env);

/** Signed once, at load. */
const POOL: readonly AliveEnvelope[] = EVERYONE.flatMap((p, i) => {
  const other = EVERYONE[(i + 1) % EVERYONE.length] as TestPeer;
  return [
    aliveFrom(p, 1),
    aliveFrom(p, 2, { withIdentity: true }),
    aliveFrom(p, 3, { withSecret: false, metadata: 'm3' }),
    aliveFrom(p, 1, { startMs: 50, withIdentity: true }),
    aliveFrom(p, 4, { signer: other.key }),
    aliveFrom(p, 2, { endpoint: '' }),
  ];
});
type AliveEnvelope = ReturnType<typeof aliveFrom>;

const MSG_STORE_TIMER = 'xstate.after.msgStoreExpirationCheckInterval.discovery.running.msgStoreExpiration.waiting';

const ENDPOINTS = [...EVERYONE.map((p) => p.self.internalEndpoint), 'c.example:7203', 'nowhere:1'];

const ms = (max: number) => fc.integer({ min: 1, max });
const input: fc.Arbitrary<MembershipInit> = fc
  .record({
    bootstrap: fc.subarray([A.self.internalEndpoint, C.self.internalEndpoint, SELF.self.internalEndpoint, 'nowhere:1']),
    seed: fc.nat(1000),
    aliveTimeIntervalMs: ms(20),
    aliveExpirationTimeoutMs: ms(40),
    aliveExpirationCheckIntervalMs: ms(20),
    reconnectIntervalMs: ms(30),
    pullIntervalMs: ms(20),
    pullPeerNum: fc.integer({ min: 0, max: 3 }),
    maxConnectionAttempts: fc.integer({ min: 1, max: 3 }),
    msgExpirationFactor: fc.integer({ min: 1, max: 3 }),
    publishCertPeriodMs: fc.integer({ min: 0, max: 50 }),
  })
  .map(({ bootstrap, seed, ...params }) => initFor(SELF, { bootstrap, seed }, { ...params, propagatePeerNum: 3 }));

const nowMs = fc.integer({ min: 0, max: 300 });
const who = fc.nat(OTHERS.length - 1);
const pick = fc.nat(POOL.length - 1);

type Raw =
  | { readonly kind: 'alive'; readonly nowMs: number; readonly from: number; readonly env: number }
  | { readonly kind: 'memReq'; readonly nowMs: number; readonly from: number; readonly env: number; readonly own: boolean; readonly nonce: bigint }
  | { readonly kind: 'memRes'; readonly nowMs: number; readonly from: number; readonly echo: boolean; readonly nonce: bigint }
  | { readonly kind: 'entry'; readonly nowMs: number; readonly dead: boolean; readonly env: number }
  | { readonly kind: 'other'; readonly nowMs: number; readonly from: number }
  | {
      readonly kind: 'handshake';
      readonly nowMs: number;
      /** Answer an outstanding probe or a running Connect, or a made-up endpoint and attempt. */
      readonly target: 'probe' | 'connect' | 'stray';
      readonly index: number;
      readonly outcome: 'expected' | 'other' | 'failed' | 'badIdentity' | 'switch' | 'self';
      readonly answerer: number;
    }
  | { readonly kind: 'connectTimer'; readonly nowMs: number; readonly index: number }
  /** The msg-store's timer, late: entries are old enough to expire (a stray fire is an input like any other). */
  | { readonly kind: 'storeCheck'; readonly nowMs: number }
  | { readonly kind: 'command'; readonly nowMs: number; readonly command: 'learn' | 'learnGarbage' | 'purge' | 'presumedDead' | 'anchors' | 'metadata' | 'endpoint' | 'stop'; readonly who: number };

const event: fc.Arbitrary<Raw> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('alive' as const), nowMs, from: who, env: pick }), weight: 8 },
  { arbitrary: fc.record({ kind: fc.constant('memReq' as const), nowMs, from: fc.nat(EVERYONE.length - 1), env: pick, own: fc.constantFrom(true, true, false), nonce: fc.bigInt(0n, 3n) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('memRes' as const), nowMs, from: who, echo: fc.boolean(), nonce: fc.bigInt(0n, 3n) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('entry' as const), nowMs, dead: fc.boolean(), env: pick }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('other' as const), nowMs, from: who }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('handshake' as const),
      nowMs,
      target: fc.constantFrom('probe' as const, 'probe' as const, 'connect' as const, 'connect' as const, 'stray' as const),
      index: fc.nat(7),
      outcome: fc.constantFrom('expected' as const, 'expected' as const, 'other' as const, 'failed' as const, 'badIdentity' as const, 'switch' as const, 'self' as const),
      answerer: who,
    }),
    weight: 5,
  },
  { arbitrary: fc.record({ kind: fc.constant('connectTimer' as const), nowMs, index: fc.nat(7) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('storeCheck' as const), nowMs: fc.integer({ min: 100, max: 800 }) }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('command' as const),
      nowMs,
      command: fc.constantFrom('learn' as const, 'learnGarbage' as const, 'purge' as const, 'presumedDead' as const, 'presumedDead' as const, 'anchors' as const, 'metadata' as const, 'endpoint' as const, 'stop' as const),
      who: fc.nat(EVERYONE.length - 1),
    }),
    weight: 3,
  },
);

const at = <T>(list: readonly T[], i: number): T | undefined => (list.length === 0 ? undefined : list[i % list.length]);
const other = (i: number): TestPeer => OTHERS[i % OTHERS.length] as TestPeer;
const conn = (p: TestPeer): ConnectionInfo => p.conn;
const OTHER_CONTENT = noopSign({ nonce: 0n, channel: '', tag: 'EMPTY', content: { $case: 'empty' } } as never) as Envelope;

/** The after-event a Connect in this state waits for (connect-machine.ts). */
function connectAfterEvent(value: unknown): string {
  if (value === 'waitingToRetry') return 'xstate.after.reconnectInterval.connect.waitingToRetry';
  if (value === 'waitingToResend') return 'xstate.after.reconnectInterval.connect.waitingToResend';
  return 'xstate.after.connectResponseTimeout.connect.requesting';
}

function handshake(raw: Extract<Raw, { kind: 'handshake' }>, view: MembershipView): AnyEvent {
  const probes = [...pentries(view.probes)];
  const connects = [...pentries(view.connects)].filter(([, c]) => c.status === 'active');
  const probed = raw.target === 'probe' ? at(probes, raw.index) : undefined;
  const running = raw.target === 'connect' ? at(connects, raw.index) : undefined;
  const endpoint = probed?.[0] ?? running?.[0] ?? (at(ENDPOINTS, raw.index) as string);
  const attempt = probed !== undefined ? 0 : running !== undefined ? running[1].context.attempt : raw.index % 3;
  const expected = probed?.[1].reconnect[0] ?? running?.[1].context.remotePkiId;
  const answering = EVERYONE.find((p) => p.self.pkiId === expected) ?? other(raw.answerer);
  const by = raw.outcome === 'other' ? other(raw.answerer + 1) : raw.outcome === 'self' ? SELF : answering;
  // Another peer of the pool than the one expected (an identity switch names the expected one).
  const newcomer = OTHERS.find((p) => p.self.pkiId !== expected && p !== OTHERS[raw.answerer % OTHERS.length]) ?? other(raw.answerer);
  const result =
    raw.outcome === 'failed'
      ? { ok: false as const, reason: 'unreachable' }
      : raw.outcome === 'badIdentity'
        ? { ok: true as const, pkiId: by.self.pkiId, identity: 'garbage' }
        : raw.outcome === 'switch'
          ? { ok: true as const, pkiId: newcomer.self.pkiId, identity: newcomer.key.identity, identitySwitchFrom: (expected ?? by.self.pkiId) as PkiId }
          : { ok: true as const, pkiId: by.self.pkiId, identity: by.key.identity };
  return commandEvent(env, view, { type: 'HANDSHAKE_RESULT', nowMs: raw.nowMs, endpoint, attempt, result }) as AnyEvent;
}

function command(raw: Extract<Raw, { kind: 'command' }>, view: MembershipView): AnyEvent | undefined {
  const p = EVERYONE[raw.who] as TestPeer;
  const base = { nowMs: raw.nowMs };
  switch (raw.command) {
    case 'learn':
      return commandEvent(env, view, { ...base, type: 'IDENTITY_LEARNED', pkiId: p.self.pkiId, identity: p.key.identity }) as AnyEvent;
    case 'learnGarbage':
      return commandEvent(env, view, { ...base, type: 'IDENTITY_LEARNED', pkiId: p.self.pkiId, identity: 'garbage' }) as AnyEvent;
    case 'purge':
      return commandEvent(env, view, { ...base, type: 'IDENTITY_PURGED', pkiId: p.self.pkiId }) as AnyEvent;
    case 'presumedDead':
      return commandEvent(env, view, { ...base, type: 'PRESUMED_DEAD', pkiId: p.self.pkiId }) as AnyEvent;
    case 'anchors':
      return commandEvent(env, view, {
        ...base,
        type: 'ANCHOR_PEERS',
        channel: 'ch' as never,
        anchors: [
          { org: orgId('Org1MSP'), endpoint: p.self.internalEndpoint },
          { org: orgId('Org2MSP'), endpoint: C.self.internalEndpoint },
          { org: orgId('Org1MSP'), endpoint: 'malformed' },
        ],
      }) as AnyEvent;
    case 'metadata':
      return commandEvent(env, view, { ...base, type: 'UPDATE_METADATA', metadata: `md${raw.who}` }) as AnyEvent;
    case 'endpoint':
      return commandEvent(env, view, { ...base, type: 'UPDATE_ENDPOINT', endpoint: raw.who === 0 ? '' : `s${raw.who}.example:7200` }) as AnyEvent;
    case 'stop':
      return { ...base, type: 'STOP' };
  }
}

function resolve(raw: Raw, view: MembershipView, timer: AnyEvent | undefined): AnyEvent {
  // The host adds the time of the fire to the chart's own timers.
  if (timer !== undefined) return { ...timer, nowMs: raw.nowMs };
  switch (raw.kind) {
    case 'alive':
      return messageEvent(env, view, raw.nowMs, conn(other(raw.from)), POOL[raw.env] as Envelope) as AnyEvent;
    case 'memReq': {
      const from = EVERYONE[raw.from] as TestPeer;
      const selfInformation = raw.own ? (POOL.filter((e) => e.payload.content.aliveMsg.membership.pkiId === from.self.pkiId)[raw.env % 6] as AliveEnvelope) : (POOL[raw.env] as AliveEnvelope);
      return messageEvent(env, view, raw.nowMs, conn(from), memReq(selfInformation, raw.nonce)) as AnyEvent;
    }
    case 'memRes': {
      const waiting = [...pentries(view.connects)].find(([, c]) => c.value === 'requesting');
      const nonce = raw.echo && waiting !== undefined ? waiting[1].context.nonce : raw.nonce;
      return messageEvent(env, view, raw.nowMs, conn(other(raw.from)), memRes([], [], nonce)) as AnyEvent;
    }
    case 'entry':
      return responseEntryEvent(env, view, raw.dead ? 'RESPONSE_DEAD' : 'RESPONSE_ALIVE', raw.nowMs, POOL[raw.env] as AliveEnvelope) as unknown as AnyEvent;
    case 'other':
      return messageEvent(env, view, raw.nowMs, conn(other(raw.from)), OTHER_CONTENT) as AnyEvent;
    case 'handshake':
      return handshake(raw, view);
    case 'connectTimer': {
      const running = at([...pentries(view.connects)].filter(([, c]) => c.status === 'active'), raw.index);
      if (running === undefined) return { type: 'CONNECT_TIMER', nowMs: raw.nowMs, endpoint: 'nowhere:1', afterEvent: 'xstate.after.reconnectInterval.connect.waitingToRetry' };
      return { type: 'CONNECT_TIMER', nowMs: raw.nowMs, endpoint: running[0], afterEvent: connectAfterEvent(running[1].value) };
    }
    case 'storeCheck':
      return { type: MSG_STORE_TIMER, nowMs: raw.nowMs };
    case 'command':
      return command(raw, view) ?? { type: 'STOP', nowMs: raw.nowMs };
  }
}

export const discoverySubject = subject<MembershipInit, Raw>({
  machine: discoveryMachineWithCrypto,
  input,
  event,
  resolve: resolve as never,
  maxSteps: 40,
  numRuns: 60,
  // The msg-store pass raises STORE_SWEPT in the macrostep that enters `sweeping`.
  transientNodes: ['discovery.running.msgStoreExpiration.sweeping'],
});
