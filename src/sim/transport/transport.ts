/**
 * The transport in a world: resolving createWorld's options, answering dials with the chart's
 * verdict, and opening (or refusing) the connection an envelope travels on.
 */
import { pkiId, type HandshakeResult } from '../../core';
import { emptyPMap, pget, pset } from '../../core/pmap';
import { HandshakeParams } from '../../security';
import type { Draft } from '../draft';
import type { Directory, PeerSpec } from '../world';
import { runHandshakePair, type PairRequest } from './pair';
import type { ConnectionRecord, HandshakeAdversary, PairOutcome, ResolvedAdversary, SideVerdict, Transport, TransportOptions } from './types';

function indexOf(directory: Directory, name: string, what: string): number {
  const index = directory.byName.get(name);
  if (index === undefined) throw new RangeError(`transport: ${what} names unknown peer ${JSON.stringify(name)}`);
  return index;
}

export function resolveAdversary(directory: Directory, name: string, a: HandshakeAdversary): ResolvedAdversary {
  switch (a.kind) {
    case 'impersonate':
      return { kind: 'impersonate', victim: indexOf(directory, a.victim, `adversary ${name}`) };
    case 'relay':
      return { kind: 'relay', of: indexOf(directory, a.of, `adversary ${name}`) };
    case 'badSignature':
    case 'noTlsCert':
      return { kind: a.kind };
    default:
      throw new RangeError(`transport: unknown adversary kind ${JSON.stringify((a as { kind?: unknown }).kind)}`);
  }
}

/** Keys must be the peers' own: a mismatch is a configuration mistake and throws (misbehaviour is an adversary setting). */
export function resolveTransport(options: TransportOptions, directory: Directory, seed: number): Transport {
  const keys = directory.specs.map((spec: PeerSpec) => {
    const key = options.keys[spec.name];
    if (key === undefined) throw new RangeError(`transport: no key for peer ${JSON.stringify(spec.name)}`);
    if (key.identity !== spec.identity || options.crypto.pkiIdOf(key.identity) !== spec.pkiId) {
      throw new RangeError(`transport: the key of ${JSON.stringify(spec.name)} is not for its identity and PKI-ID`);
    }
    return key;
  });
  const connTimeoutMs = options.connTimeoutMs ?? 2000;
  const params = { connTimeoutMs, tlsEnabled: options.tlsEnabled ?? true };
  if (!HandshakeParams.is(params)) throw new RangeError(`transport: connTimeoutMs must be a positive integer, got ${connTimeoutMs}`);
  const adversaries = new Map<number, ResolvedAdversary>();
  for (const [name, a] of Object.entries(options.adversaries ?? {})) adversaries.set(indexOf(directory, name, 'adversaries'), resolveAdversary(directory, name, a));
  return {
    crypto: options.crypto,
    params,
    keys,
    tlsCertHashes: directory.specs.map((spec) => options.crypto.hash(options.tlsCerts?.[spec.name] ?? `tls:${spec.name}:${seed}`)),
    adversaries,
    presumedDead: options.presumedDead !== false,
  };
}

/** [SIM-FUNC-HANDSHAKE-REFUSAL-COUNT.1] One trace line and one `handshakeRefused:<reason>` count per refusal by a chart. */
function recordRefusal<S>(d: Draft<S>, by: number, remote: number, side: 'dialer' | 'acceptor', v: SideVerdict, purpose: 'dial' | 'connection'): void {
  if (v.ok || !v.chart) return;
  d.count(`handshakeRefused:${v.reason}`);
  d.emit({ k: 'handshakeRefused', peer: d.nameOf(by), remote: d.nameOf(remote), side, purpose, reason: v.reason });
}

function recordOutcome<S>(d: Draft<S>, r: PairRequest, outcome: PairOutcome, purpose: 'dial' | 'connection'): void {
  recordRefusal(d, r.dialer, r.acceptor, 'dialer', outcome.dialer, purpose);
  recordRefusal(d, r.acceptor, r.dialer, 'acceptor', outcome.acceptor, purpose);
}

/**
 * [SIM-FUNC-HANDSHAKE-CHART.1] A dial that names nobody is Fabric's Handshake() (the deep probe, no
 * expected PKI-ID); [SIM-FUNC-DIAL-EXPECTED-PKI-ID.1] one that names an expected PKI-ID is Fabric's
 * createConnection(endpoint, expectedPKIID): not a probe, expecting that PKI-ID with the identity
 * the directory holds for it (none when it holds none: Fabric's idMapper.Get fails, so no org
 * matches), so a remote of another PKI-ID is refused ("authentication failure", counted) unless it
 * is of that identity's org (an identity switch, reported in the answer). The stream opens after
 * one latency, each ConnEstablish takes one more, and the dialer's chart gives the verdict.
 * Returns the result the dialling peer gets and when (ms after the dial).
 */
export function dialThroughChart<S>(
  d: Draft<S>,
  t: Transport,
  dialer: number,
  target: number,
  latencyMs: number,
  expectedPkiId?: string,
): { result: HandshakeResult; delayMs: number } {
  const known = expectedPkiId === undefined ? undefined : d.directory.byPkiId.get(expectedPkiId);
  const expected = expectedPkiId === undefined ? undefined : { pkiId: expectedPkiId, ...(known === undefined ? {} : { identity: (d.directory.specs[known] as PeerSpec).identity }) };
  const request: PairRequest = { dialer, acceptor: target, probe: expected === undefined, ...(expected === undefined ? {} : { expected }), startMs: latencyMs, oneWayMs: latencyMs };
  const outcome = runHandshakePair(t, request);
  recordOutcome(d, request, outcome, 'dial');
  const v = outcome.dialer;
  if (!v.ok) return { result: { ok: false, reason: v.reason }, delayMs: v.atMs };
  const switched = v.identitySwitchFrom === undefined ? {} : { identitySwitchFrom: pkiId(v.identitySwitchFrom) };
  return { result: { ok: true, pkiId: pkiId(v.pkiId), identity: v.identity, ...switched }, delayMs: v.atMs };
}

/** The connection between two peers, if one was opened (or refused) with their current incarnations. */
export function currentConnection<S>(d: Draft<S>, a: number, b: number): ConnectionRecord | undefined {
  const slotA = d.slot(a);
  const rec = slotA.connections === undefined ? undefined : pget(slotA.connections, String(b));
  if (rec === undefined) return undefined;
  // Written out rather than through a helper closure: this runs at every delivery.
  const incA = a === rec.dialer ? rec.dialerIncarnation : rec.acceptorIncarnation;
  const incB = b === rec.dialer ? rec.dialerIncarnation : rec.acceptorIncarnation;
  return incA === slotA.incarnation && incB === d.slot(b).incarnation ? rec : undefined;
}

function storeConnection<S>(d: Draft<S>, rec: ConnectionRecord): void {
  for (const [self, other] of [[rec.dialer, rec.acceptor], [rec.acceptor, rec.dialer]] as const) {
    const slot = d.slot(self);
    d.patchSlot(self, { connections: pset(slot.connections ?? emptyPMap(), String(other), rec) });
  }
}

/**
 * [SIM-FUNC-CONNECTION-HANDSHAKE.1] The connection an envelope from `from` to `to` travels on:
 * the one open between them (both incarnations unchanged), else one `from` dials now, expecting
 * `to`'s PKI-ID, whose two charts must both authenticate for it to open. Its timing is folded into
 * the envelope's latency. A refused connection stays refused for these incarnations.
 */
export function connectionFor<S>(d: Draft<S>, t: Transport, from: number, to: number): ConnectionRecord {
  const existing = currentConnection(d, from, to);
  if (existing !== undefined) return existing;
  const spec = d.directory.specs[to] as PeerSpec;
  const request: PairRequest = { dialer: from, acceptor: to, probe: false, expected: { pkiId: spec.pkiId, identity: spec.identity }, startMs: 0, oneWayMs: 0 };
  const outcome = runHandshakePair(t, request);
  recordOutcome(d, request, outcome, 'connection');
  const authenticatedBy = new Map<number, { pkiId: string; identity: string }>();
  if (outcome.dialer.ok && outcome.dialer.register) authenticatedBy.set(from, { pkiId: outcome.dialer.pkiId, identity: outcome.dialer.identity });
  if (outcome.acceptor.ok && outcome.acceptor.register) authenticatedBy.set(to, { pkiId: outcome.acceptor.pkiId, identity: outcome.acceptor.identity });
  const refusals = [
    ...(outcome.dialer.ok ? [] : [{ by: from, reason: outcome.dialer.reason }]),
    ...(outcome.acceptor.ok ? [] : [{ by: to, reason: outcome.acceptor.reason }]),
  ];
  const rec: ConnectionRecord = {
    dialer: from,
    acceptor: to,
    dialerIncarnation: d.slot(from).incarnation,
    acceptorIncarnation: d.slot(to).incarnation,
    open: authenticatedBy.size === 2,
    authenticatedBy,
    refusals,
  };
  d.emit({
    k: 'connection',
    from: d.nameOf(from),
    to: d.nameOf(to),
    open: rec.open,
    refusals: refusals.map((x) => ({ by: d.nameOf(x.by), reason: x.reason })),
  });
  storeConnection(d, rec);
  return rec;
}
