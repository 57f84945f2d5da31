/**
 * A scenario run told as the peers' logs would tell it, in the words Fabric's own log lines use
 * (gossip/election/election.go "Becoming a leader", "Stopped being a leader";
 * gossip/gossip/gossip_impl.go "Joining gossip network of channel ...", "No configured anchor
 * peers of ...", "Learning about the configured anchor peers of ..."; gossip/discovery
 * "Could not connect to ...", "Learned about a new alive member"; gossip/gossip/channel
 * "Membership view has changed. peers went online: ..."; kv_ledger.go "Committed block [n]"),
 * then a checked summary. Pure: it returns lines; the CLI prints them.
 */
import type { Observation, ScenarioRun } from '../scenarios/run';

const time = (ms: number): string => `${(ms / 1000).toFixed(3)}s`.padStart(9);
const who = (name: string): string => name.padEnd(12);
const list = (xs: readonly string[]): string => `[${xs.join(' ')}]`;

export interface StoryOptions {
  /** Leave out membership and channel-view lines (long runs). */
  readonly brief?: boolean;
}

function line(o: Observation, commitSource: Map<string, string>, brief: boolean): string | undefined {
  switch (o.kind) {
    case 'action':
      return `${time(o.t)}  ==> ${o.label}`;
    case 'contactFailed':
      return `${time(o.t)}  ${who(o.peer)} Could not connect to ${o.endpoint} : ${o.reason}`;
    case 'membership':
      if (brief) return undefined;
      return [
        ...o.online.map((p) => `${time(o.t)}  ${who(o.peer)} Learned about a new alive member: ${p}`),
        ...o.offline.map((p) => `${time(o.t)}  ${who(o.peer)} Haven't heard from ${p}: no longer alive`),
      ].join('\n');
    case 'channelView': {
      if (brief) return undefined;
      const gloss = o.online.length > 0 ? `  (now knows ${o.online.join(', ')} as channel member${o.online.length > 1 ? 's' : ''})` : '';
      const parts = [o.offline.length > 0 ? `peers went offline: ${list(o.offline)}` : '', o.online.length > 0 ? `peers went online: ${list(o.online)}` : ''].filter((x) => x !== '');
      return `${time(o.t)}  ${who(o.peer)} [${o.channel}] Membership view has changed. ${parts.join(', ')}, current view: ${list(o.view)}${gloss}`;
    }
    case 'leader':
      return `${time(o.t)}  ${who(o.peer)} [${o.channel}] ${o.isLeader ? 'Becoming a leader' : 'Stopped being a leader'}`;
    case 'commit':
      return `${time(o.t)}  ${who(o.peer)} [${o.channel}] Committed block [${o.seq}]${commitSource.get(`${o.peer}|${o.channel}|${o.seq}|${o.t}`) ?? ''}`;
    case 'join': {
      const head = `${time(o.t)}  ${who(o.peer)} Joining gossip network of channel ${o.channel} with ${o.orgs.length} organizations  (config sequence ${o.sequence})`;
      const orgs = o.orgs.map((org) => {
        const anchors = o.anchors[org] ?? [];
        return anchors.length === 0
          ? `${time(o.t)}  ${who(o.peer)} No configured anchor peers of ${org} for channel ${o.channel} to learn about`
          : `${time(o.t)}  ${who(o.peer)} Learning about the configured anchor peers of ${org} for channel ${o.channel}: ${list(anchors)}`;
      });
      return [head, ...orgs].join('\n');
    }
    case 'cut':
      return `${time(o.t)}  ${who('orderer')} [${o.channel}] cuts block [${o.seq}]`;
    case 'violation':
      return `${time(o.t)}  ${who(o.peer)} INVARIANT VIOLATED: ${o.message}`;
    case 'connected':
    case 'ordererBlock':
      return undefined;
  }
}

/** The narrative: one line per thing a peer's log would show. */
export function storyLines(run: ScenarioRun, options: StoryOptions = {}): string[] {
  const fromOrderer = new Set(run.observations.filter((o) => o.kind === 'ordererBlock').map((o) => (o.kind === 'ordererBlock' ? `${o.peer}|${o.channel}|${o.seq}|${o.t}` : '')));
  const source = new Map<string, string>();
  for (const o of run.observations) {
    if (o.kind !== 'commit') continue;
    const key = `${o.peer}|${o.channel}|${o.seq}|${o.t}`;
    source.set(key, fromOrderer.has(key) ? '  (from the ordering service: a leader)' : '  (from a peer, by gossip)');
  }
  const out: string[] = [];
  for (const o of run.observations) {
    const l = line(o, source, options.brief === true);
    if (l !== undefined && l !== '') out.push(l);
  }
  return out;
}

/** When each peer committed each block: the leaders first (from the orderer), then the others. */
export function blockArrivalLines(run: ScenarioRun, channel: string): string[] {
  const commits = run.observations.filter((o): o is Extract<Observation, { kind: 'commit' }> => o.kind === 'commit' && o.channel === channel);
  const fromOrderer = new Set(run.observations.filter((o) => o.kind === 'ordererBlock').map((o) => (o.kind === 'ordererBlock' ? `${o.peer}|${o.seq}|${o.t}` : '')));
  const seqs = [...new Set(commits.map((c) => c.seq))].sort((a, b) => a - b);
  return seqs.map((seq) => {
    const these = commits.filter((c) => c.seq === seq).sort((a, b) => a.t - b.t);
    const first = these[0]?.t ?? 0;
    const parts = these.map((c) => `${c.peer} ${(c.t / 1000).toFixed(3)}s${fromOrderer.has(`${c.peer}|${seq}|${c.t}`) ? ' (orderer)' : ` (+${c.t - first} ms, gossip)`}`);
    return `    block [${seq}]: ${parts.join(', ')}`;
  });
}

/** The checked summary: each expectation with its checks, the end state and the invariants. */
export function summaryLines(run: ScenarioRun): string[] {
  const out: string[] = [];
  const c = run.compiled;
  out.push(`Checked summary of ${c.spec.name} (seed ${c.seed}, ${c.profile} profile, ${c.durationMs / 1000}s of virtual time):`);
  for (const r of run.results) {
    out.push(`  ${r.ok ? 'PASS' : 'FAIL'}  ${r.path} at ${(r.atMs / 1000).toFixed(1)}s: ${r.label}`);
    for (const k of r.checks) out.push(`          ${k.ok ? 'ok  ' : 'FAIL'} ${k.what}: ${k.ok ? k.actual : `expected ${k.expected}, got ${k.actual}`}`);
  }
  const last = run.samples[run.samples.length - 1];
  for (const ch of c.channels) {
    const leaders = last?.leaders[ch.name] ?? [];
    const byOrg = ch.orgs.map((org) => `${org}: ${leaders.filter((p) => c.peers.find((x) => x.definition.name === p)?.mspId === org).join(', ') || '(none)'}`);
    out.push(`  leaders of ${ch.name} at the end: ${byOrg.join('; ')}`);
    out.push(`  ledger heights of ${ch.name} at the end: ${Object.entries(last?.heights[ch.name] ?? {}).map(([p, h]) => `${p} ${h}`).join(', ')}`);
    out.push('  when each block reached each peer:', ...blockArrivalLines(run, ch.name));
  }
  out.push(`  membership view sizes at the end: ${Object.entries(last?.viewSizes ?? {}).map(([p, n]) => `${p} ${n}`).join(', ')}`);
  for (const inv of run.invariants) out.push(`  invariant ${inv.name}: ${inv.held ? 'held' : 'VIOLATED'} (${inv.detail})`);
  const failed = run.results.filter((r) => !r.ok).length;
  out.push(run.ok ? `  RESULT: PASS, ${run.results.length} expectation${run.results.length === 1 ? '' : 's'} met` : `  RESULT: FAIL, ${failed} of ${run.results.length} expectations not met`);
  return out;
}

/** One line per failed check: file, path in the file, problem ([GEN-FUNC-SCENARIO-ERRORS.1]). */
export function failureLines(run: ScenarioRun, file: string): string[] {
  return run.results.flatMap((r) =>
    r.checks.filter((k) => !k.ok).map((k) => `${file}: ${k.path}: expectation not met at ${(r.atMs / 1000).toFixed(1)}s: ${k.what}: expected ${k.expected}, got ${k.actual}`),
  );
}
