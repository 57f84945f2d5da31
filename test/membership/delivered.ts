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
