/**
 * Both ends of one handshake, each a src/security chart instance driven here in virtual time
 * ([SIM-FUNC-HANDSHAKE-CHART.1]): both START when the stream opens, each end's ConnEstablish
 * reaches the other one way later, connTimeout timers fire as armed. Pure: the same transport,
 * ends and timing give the same outcome. An adversary end sends what its setting says instead of
 * its chart's honest ConnEstablish ([SIM-FUNC-HANDSHAKE-ADVERSARY.1]).
 */
import type { SigningKey } from '../../core';
import { signMessage, type Envelope, type EnvelopeOf } from '../../messages';
import {
  createHandshakeReducer,
  type HandshakeCommand,
  type HandshakeOutput,
  type HandshakeReducer,
  type HandshakeStart,
  type HandshakeState,
  type HandshakeTimerEvent,
} from '../../security';
import type { PairOutcome, SideVerdict, Transport } from './types';

export interface PairRequest {
  readonly dialer: number;
  readonly acceptor: number;
  /** Fabric's Handshake() (deep probe): authenticate, then close without a connection. */
  readonly probe: boolean;
  /** Whom the dialer means to reach, and the identity it holds for that PKI-ID (none: unknown, never the same org). */
  readonly expected?: { readonly pkiId: string; readonly identity?: string };
  /** When both ends START, after the dial began (the TCP and TLS set-up). */
  readonly startMs: number;
  /** How long a ConnEstablish takes from one end to the other. */
  readonly oneWayMs: number;
}

type Event = HandshakeCommand | HandshakeTimerEvent;
interface Queued { readonly atMs: number; readonly seq: number; readonly side: 0 | 1; readonly event: Event; readonly timerId?: string }

/** The key an end's chart signs with: a `badSignature` end holds a key that is not its identity's. */
function keyOf(t: Transport, peer: number): SigningKey {
  const key = t.keys[peer] as SigningKey;
  if (t.adversaries.get(peer)?.kind !== 'badSignature') return key;
  return { identity: key.identity, secret: t.crypto.hash(`not the key of ${key.identity}`) };
}

/** The hash of the certificate a peer presents, or undefined when it presents none. */
function presentedCertHash(t: Transport, peer: number): string | undefined {
  return t.adversaries.get(peer)?.kind === 'noTlsCert' ? undefined : t.tlsCertHashes[peer];
}

/** What an end actually sends in place of its chart's ConnEstablish. */
function outgoing(t: Transport, peer: number, honest: EnvelopeOf<'conn'>): Envelope {
  const adversary = t.adversaries.get(peer);
  const conn = honest.payload.content.conn;
  if (adversary?.kind === 'impersonate') {
    const victim = (t.keys[adversary.victim] as SigningKey).identity;
    return signMessage(t.crypto, keyOf(t, peer), { ...honest.payload, content: { $case: 'conn', conn: { ...conn, identity: victim } } });
  }
  if (adversary?.kind === 'relay') {
    // The ConnEstablish `of` signed on its own connection: its PKI-ID, identity and TLS cert hash.
    const key = t.keys[adversary.of] as SigningKey;
    const relayed = {
      ...conn,
      pkiId: t.crypto.pkiIdOf(key.identity),
      identity: key.identity,
      tlsCertHash: t.params.tlsEnabled ? (t.tlsCertHashes[adversary.of] as string) : '',
    };
    return signMessage(t.crypto, key, { ...honest.payload, content: { $case: 'conn', conn: relayed } });
  }
  return honest;
}

function startOf(t: Transport, r: PairRequest, side: 0 | 1): HandshakeStart {
  const self = side === 0 ? r.dialer : r.acceptor;
  const remote = side === 0 ? r.acceptor : r.dialer;
  const hashes = {
    ...(presentedCertHash(t, remote) === undefined ? {} : { tlsCertHashSeen: presentedCertHash(t, remote) as string }),
    ...(presentedCertHash(t, self) === undefined ? {} : { tlsCertHashOwn: presentedCertHash(t, self) as string }),
  };
  if (side === 1) return { type: 'START', role: 'acceptor', ...hashes };
  const expected = r.expected === undefined ? {} : { expectedPkiId: r.expected.pkiId, ...(r.expected.identity === undefined ? {} : { expectedIdentity: r.expected.identity }) };
  return { type: 'START', role: 'dialer', probe: r.probe, ...expected, ...hashes };
}

/** Cache of reducers per transport (a reducer is a pure function of crypto and key). */
const reducers = new WeakMap<Transport, Map<number, HandshakeReducer>>();
function reducerOf(t: Transport, peer: number): HandshakeReducer {
  let byPeer = reducers.get(t);
  if (byPeer === undefined) reducers.set(t, (byPeer = new Map<number, HandshakeReducer>()));
  let reducer = byPeer.get(peer);
  if (reducer === undefined) byPeer.set(peer, (reducer = createHandshakeReducer({ crypto: t.crypto, key: keyOf(t, peer) })));
  return reducer;
}

const NO_VERDICT: SideVerdict = { ok: false, reason: 'connection closed without a verdict', chart: false, atMs: 0 };

/** Run both ends to their verdicts. Each end's outcome is its own chart's. */
export function runHandshakePair(t: Transport, r: PairRequest): PairOutcome {
  const peers = [r.dialer, r.acceptor] as const;
  const reducer = [reducerOf(t, r.dialer), reducerOf(t, r.acceptor)] as const;
  const states: HandshakeState[] = [];
  const verdicts: (SideVerdict | undefined)[] = [undefined, undefined];
  const done: [boolean, boolean] = [false, false];
  const armed: readonly [Map<string, number>, Map<string, number>] = [new Map(), new Map()];
  let queue: Queued[] = [];
  let seq = 0;
  const push = (q: Omit<Queued, 'seq'>) => {
    queue.push({ ...q, seq: seq++ });
  };

  const perform = (side: 0 | 1, nowMs: number, outputs: readonly HandshakeOutput[]) => {
    for (const o of outputs) {
      switch (o.kind) {
        case 'sendConnEstablish':
          push({ atMs: nowMs + r.oneWayMs, side: side === 0 ? 1 : 0, event: { type: 'CONN_ESTABLISH_RECEIVED', envelope: outgoing(t, peers[side], o.envelope) } });
          break;
        case 'setTimer': {
          const at = nowMs + o.delayMs;
          armed[side].set(o.timerId, seq);
          push({ atMs: at, side, event: o.event, timerId: o.timerId });
          break;
        }
        case 'cancelTimer':
          armed[side].delete(o.timerId);
          break;
        case 'authenticated':
          verdicts[side] ??= { ok: true, pkiId: o.pkiId, identity: o.identity, register: o.register, atMs: nowMs, ...(o.identitySwitchFrom === undefined ? {} : { identitySwitchFrom: o.identitySwitchFrom }) };
          break;
        case 'refused':
          verdicts[side] ??= { ok: false, reason: o.reason, chart: true, atMs: nowMs };
          break;
        case 'closed':
          done[side] = true;
          break;
      }
    }
  };

  for (const side of [0, 1] as const) {
    const [s0, out] = reducer[side].init(t.params);
    states[side] = s0;
    perform(side, 0, out);
    push({ atMs: r.startMs, side, event: startOf(t, r, side) });
  }
  // Each end sends one message and arms one timer: a handful of events at most.
  for (let guard = 0; queue.length > 0 && guard < 64; guard++) {
    queue.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
    const [next, ...rest] = queue as [Queued, ...Queued[]];
    queue = rest;
    const side = next.side;
    if (done[side] || verdicts[side] !== undefined) continue;
    if (next.timerId !== undefined && armed[side].get(next.timerId) !== next.seq) continue;
    if (next.timerId !== undefined) armed[side].delete(next.timerId);
    const [s, out] = reducer[side].step(states[side] as HandshakeState, next.event);
    states[side] = s;
    perform(side, next.atMs, out);
  }
  return { dialer: verdicts[0] ?? NO_VERDICT, acceptor: verdicts[1] ?? NO_VERDICT };
}
