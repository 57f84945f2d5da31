/**
 * Whole-run checks over the simulator trace: every envelope actually delivered, with its sender and
 * recipient, inspected for what it discloses (TestConfidentiality style). Needs tracing on.
 */
import { aliveEnvelopesIn, aliveOf, alivePkiId } from '../../src/membership';
import type { Envelope } from '../../src/messages';
import { traceEvents } from '../../src/sim';
import type { MWorld, TestNet } from './net';

export interface Delivery {
  readonly from: string;
  readonly to: string;
  readonly envelope: Envelope;
  readonly atMs: number;
}

export function deliveries(w: MWorld): Delivery[] {
  const sent = new Map<number, { from: string; to: string; payload: unknown }>();
  const out: Delivery[] = [];
  for (const line of traceEvents(w)) {
    if (line.k === 'send') sent.set(line.id, line);
    else if (line.k === 'deliver') {
      const s = sent.get(line.id);
      if (s !== undefined) out.push({ from: s.from, to: s.to, envelope: s.payload as Envelope, atMs: line.t });
    }
  }
  return out;
}

function subjectsOf(e: Envelope) {
  const { alive, dead } = aliveEnvelopesIn(e);
  return [...alive, ...dead];
}

/** Deliveries that carry the internal endpoint of a peer of another org than the recipient's. */
export function internalEndpointLeaks(net: TestNet, w: MWorld): string[] {
  const orgOfPki = new Map(net.specs.map((s) => [s.pkiId as string, s.org as string]));
  return deliveries(w).flatMap((d) =>
    subjectsOf(d.envelope)
      .filter((env) => env.secretEnvelope !== undefined && orgOfPki.get(alivePkiId(env)) !== net.orgOfName(d.to))
      .map((env) => `${d.from} -> ${d.to} at ${d.atMs}ms: internal endpoint of ${net.nameOf(alivePkiId(env))}`),
  );
}

/** Cross-org deliveries that speak of a third org, or of a peer without external endpoint of another org. */
export function disclosureViolations(net: TestNet, w: MWorld): string[] {
  const specOf = new Map(net.specs.map((s) => [s.pkiId as string, s]));
  return deliveries(w).flatMap((d) => {
    const fromOrg = net.orgOfName(d.from);
    const toOrg = net.orgOfName(d.to);
    if (fromOrg === toOrg) return [];
    return subjectsOf(d.envelope).flatMap((env) => {
      const subject = specOf.get(alivePkiId(env));
      const org = subject?.org as string | undefined;
      if (org !== fromOrg && org !== toOrg) return [`${d.from} -> ${d.to}: third-org peer ${net.nameOf(alivePkiId(env))}`];
      if (org !== toOrg && aliveOf(env).membership.endpoint === '') return [`${d.from} -> ${d.to}: ${net.nameOf(alivePkiId(env))} has no external endpoint`];
      return [];
    });
  });
}

/**
 * TestConfidentiality's inspectMsgs over membership messages (alive messages, membership
 * requests and responses): for every delivery between two orgs, the orgs of the peers it speaks of
 * must be a subset of {sender's org, recipient's org}, and none of `isolated` may be spoken of to a
 * peer of the org it is isolated from (Fabric's "no one but B knows about D and vice versa").
 */
export function crossOrgViolations(net: TestNet, w: MWorld, isolated: readonly (readonly [string, string])[] = []): string[] {
  const orgOfPki = new Map(net.specs.map((s) => [s.pkiId as string, s.org as string]));
  return deliveries(w).flatMap((d) => {
    const src = net.orgOfName(d.from);
    const dst = net.orgOfName(d.to);
    if (src === dst) return [];
    const orgs = [...new Set(subjectsOf(d.envelope).map((env) => orgOfPki.get(alivePkiId(env)) ?? '?'))];
    const out: string[] = [];
    if (!orgs.every((o) => o === src || o === dst)) out.push(`${d.from} (${src}) -> ${d.to} (${dst}) at ${d.atMs}ms speaks of orgs ${orgs.join(',')}`);
    for (const [a, b] of isolated) {
      if ((dst === a && orgs.includes(b)) || (dst === b && orgs.includes(a))) out.push(`${d.from} -> ${d.to} at ${d.atMs}ms: ${dst} hears of ${dst === a ? b : a}`);
    }
    return out;
  });
}

/** Deliveries that tell a peer about a peer outside the view it may have (`allowed(recipient)`). */
export function disclosedOutside(net: TestNet, w: MWorld, allowed: (name: string) => readonly string[]): string[] {
  return deliveries(w).flatMap((d) => {
    const may = new Set([d.to, ...allowed(d.to)]);
    return subjectsOf(d.envelope)
      .map((env) => net.nameOf(alivePkiId(env)))
      .filter((subject) => !may.has(subject))
      .map((subject) => `${d.from} -> ${d.to} at ${d.atMs}ms: about ${subject}`);
  });
}
