/**
 * A scenario's expectations and invariants checked against the world at their time
 * ([GEN-FUNC-SCENARIO-RUN.1]): leaders per org, membership and channel views, ledger heights,
 * counters, and the named invariants of scenario-file.ts. Pure reads of the world and of what the
 * observer saw.
 */
import type { PeerState } from '../peer';
import { countOf, ledgerHeight, ordererHeight, peerSlot, type World } from '../sim';
import type { CompiledExpectation, CompiledScenario } from './compile';
import { sortedNames, type Observer } from './observer';
import type { Check, ExpectationResult, InvariantResult } from './run-types';
import { INVARIANTS, type InvariantName } from './scenario-file';

/** What the checks read: the world now, who joined which channel, each peer's org, what was seen. */
export interface CheckedRun {
  readonly w: World<PeerState>;
  readonly joined: ReadonlyMap<string, ReadonlySet<string>>;
  readonly orgOfPeer: ReadonlyMap<string, string>;
  readonly observer: Observer;
}

/** The live leaders of `channel`, per org, sorted. */
function leadersByOrg({ w, orgOfPeer }: CheckedRun, channel: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const spec of w.directory.specs) {
    const slot = peerSlot(w, spec.name);
    if (!slot.alive || slot.leaderOf.get(channel) !== true) continue;
    const org = orgOfPeer.get(spec.name) as string;
    out.set(org, [...(out.get(org) ?? []), spec.name].sort());
  }
  return out;
}

export function checkInvariant(r: CheckedRun, name: InvariantName, channel: string | undefined): { held: boolean; detail: string } {
  const { w, joined, orgOfPeer } = r;
  switch (name) {
    case 'noFailure':
      return w.failure === undefined ? { held: true, detail: 'no failure' } : { held: false, detail: `${w.failure.kind}: ${w.failure.message}` };
    case 'commitsFollowOrderer': {
      const a = w.firstLedgerAnomaly;
      return a === undefined ? { held: true, detail: 'every commit matched the orderer chain' } : { held: false, detail: `${a.peer} committed block ${a.seq} of ${a.channel}: ${a.anomaly}` };
    }
    case 'peerStateInvariants': {
      const v = r.observer.firstViolation;
      return v === undefined ? { held: true, detail: 'checked after every step' } : { held: false, detail: `${v.peer} at ${v.t} ms: ${v.message}` };
    }
    case 'ledgersCaughtUp': {
      const ch = channel as string;
      const height = ordererHeight(w, ch);
      const behind = [...(joined.get(ch) ?? [])].filter((p) => peerSlot(w, p).alive && ledgerHeight(w, p, ch) < height);
      return behind.length === 0 ? { held: true, detail: `every live joined peer at height ${height}` } : { held: false, detail: `behind the orderer's height ${height}: ${behind.map((p) => `${p} (${ledgerHeight(w, p, ch)})`).join(', ')}` };
    }
    case 'oneLeaderPerOrg': {
      const ch = channel as string;
      const joinedAlive = [...(joined.get(ch) ?? [])].filter((p) => peerSlot(w, p).alive);
      const orgs = new Set(joinedAlive.map((p) => orgOfPeer.get(p) as string));
      const byOrg = leadersByOrg(r, ch);
      const wrong = [...orgs].sort().filter((org) => (byOrg.get(org) ?? []).length !== 1);
      return wrong.length === 0 ? { held: true, detail: [...orgs].sort().map((o) => `${o}: ${(byOrg.get(o) ?? []).join(', ')}`).join('; ') } : { held: false, detail: wrong.map((o) => `${o}: [${(byOrg.get(o) ?? []).join(', ')}]`).join('; ') };
    }
  }
}

const list = (xs: readonly string[]) => `[${xs.join(', ')}]`;

export function evaluateExpectation(r: CheckedRun, e: CompiledExpectation): ExpectationResult {
  const { w, observer } = r;
  const checks: Check[] = [];
  const d = e.decl;
  const ch = e.channel;
  if (d.leaders !== undefined && ch !== undefined) {
    const byOrg = leadersByOrg(r, ch);
    for (const [org, want] of Object.entries(d.leaders)) {
      const got = byOrg.get(org) ?? [];
      if (Array.isArray(want)) {
        const exp = sortedNames(want as readonly string[]);
        checks.push({ path: `${e.path}.leaders.${org}`, what: `leaders of ${org} in ${ch}`, ok: list(exp) === list(got), expected: list(exp), actual: list(got) });
      } else {
        const { count, among } = want as { count: number; among?: readonly string[] };
        const inAmong = among === undefined || got.every((p) => among.includes(p));
        checks.push({ path: `${e.path}.leaders.${org}`, what: `number of leaders of ${org} in ${ch}`, ok: got.length === count && inAmong, expected: `${count}${among === undefined ? '' : ` among ${list(among)}`}`, actual: `${got.length} ${list(got)}` });
      }
    }
  }
  for (const [peer, want] of Object.entries(d.views ?? {})) {
    const got = peerSlot(w, peer).alive ? observer.viewOf(peer) : [];
    const exp = sortedNames(want);
    checks.push({ path: `${e.path}.views.${peer}`, what: `alive members known to ${peer}`, ok: list(exp) === list(got), expected: list(exp), actual: list(got) });
  }
  for (const [peer, want] of Object.entries(d.channelViews ?? {})) {
    const got = peerSlot(w, peer).alive ? observer.channelViewOf(peer, ch as string) : [];
    const exp = sortedNames(want);
    checks.push({ path: `${e.path}.channelViews.${peer}`, what: `members of ${ch} seen by ${peer}`, ok: list(exp) === list(got), expected: list(exp), actual: list(got) });
  }
  for (const [peer, want] of Object.entries(d.heights ?? {})) {
    const c = ch as string;
    const peers = peer === 'all' ? w.directory.specs.map((s) => s.name).filter((p) => peerSlot(w, p).alive) : [peer];
    const wrong = peers.filter((p) => ledgerHeight(w, p, c) !== want);
    const actual = peers.map((p) => `${p}=${ledgerHeight(w, p, c)}`).join(', ');
    checks.push({ path: `${e.path}.heights.${peer}`, what: `ledger height of ${peer === 'all' ? 'every live peer' : peer} in ${c}`, ok: wrong.length === 0, expected: String(want), actual: wrong.length === 0 ? actual : wrong.map((p) => `${p}=${ledgerHeight(w, p, c)}`).join(', ') });
  }
  for (const name of d.invariants ?? []) {
    const held = checkInvariant(r, name, ch);
    checks.push({ path: `${e.path}.invariants`, what: `${name}: ${INVARIANTS[name]}`, ok: held.held, expected: 'holds', actual: held.detail });
  }
  for (const [key, bound] of Object.entries(d.counters ?? {})) {
    const n = countOf(w.stats, key);
    const ok = (bound.min === undefined || n >= bound.min) && (bound.max === undefined || n <= bound.max) && (bound.equals === undefined || n === bound.equals);
    const exp = [bound.equals === undefined ? '' : `= ${bound.equals}`, bound.min === undefined ? '' : `>= ${bound.min}`, bound.max === undefined ? '' : `<= ${bound.max}`].filter((x) => x !== '').join(' and ');
    checks.push({ path: `${e.path}.counters.${key}`, what: `counter ${key}`, ok, expected: exp, actual: String(n) });
  }
  return { path: e.path, label: d.label ?? `at ${e.atEnd ? 'the end' : `${e.atMs / 1000}s`}`, atMs: e.atMs, ok: checks.every((x) => x.ok), checks };
}

/** Every invariant over the whole run (checked on the first channel; the channel ones need one). */
export function invariantResults(r: CheckedRun, c: CompiledScenario): InvariantResult[] {
  const primary = c.channels[0]?.name;
  return (Object.keys(INVARIANTS) as InvariantName[])
    .filter((n) => primary !== undefined || (n !== 'ledgersCaughtUp' && n !== 'oneLeaderPerOrg'))
    .map((name) => ({ name, description: INVARIANTS[name], ...checkInvariant(r, name, primary) }));
}
