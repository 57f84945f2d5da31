/**
 * Counterexamples a person can read ([GEN-FUNC-CHECK-COUNTEREXAMPLE.1]): the shrunk case replayed
 * with tracing on gives the ndjson trace and a Mermaid sequence diagram of the last events before
 * the violation (messages delivered or dropped between peers, blocks from the orderer, leadership
 * changes, commits, faults, commands). Pure: the runner writes the texts to files.
 */
import { canonicalEncode } from '../core';
import { traceEvents, traceNdjson, type TraceEvent } from '../sim';
import type { Counterexample } from './check';
import { runCase, type RunCaseOptions, type WholeNetworkProperty } from './properties';
import { sentCase } from './safety';

export interface CounterexampleFiles {
  /** The shrunk case and how to replay it (JSON). */
  readonly 'counterexample.json': string;
  readonly 'trace.ndjson': string;
  readonly 'sequence.mmd': string;
  /** What failed, and the command that replays it. */
  readonly 'README.md': string;
}

const SHOWN = new Set(['deliver', 'drop', 'leader', 'commit', 'fault', 'command', 'ordererBlock', 'cut', 'init', 'failure']);

const idOf = (name: string): string => name.replace(/[^A-Za-z0-9]/g, '_');

function describePayload(payload: unknown): string {
  const c = (payload as { payload?: { content?: Record<string, unknown> & { $case?: string } } } | undefined)?.payload?.content;
  const kind = sentCase(payload) ?? 'payload';
  if (kind === 'leadershipMsg') return (c?.['leadershipMsg'] as { isDeclaration?: boolean } | undefined)?.isDeclaration ? 'leadership declaration' : 'leadership proposal';
  if (kind === 'dataMsg') {
    const seq = (c?.['dataMsg'] as { payload?: { seqNum?: unknown } } | undefined)?.payload?.seqNum;
    return seq === undefined ? 'block' : `block ${typeof seq === 'object' ? JSON.stringify(seq) : String(seq as string | number | bigint)}`;
  }
  return kind;
}

function describeCommand(command: unknown): string {
  const c = command as { type?: string; channel?: string; sequence?: number; orgs?: { mspId: string }[] };
  if (c?.type === 'JOIN_CHANNEL') return `config ${c.channel} #${c.sequence}: ${(c.orgs ?? []).map((o) => o.mspId).join(', ')}`;
  if (typeof c?.type === 'string') return `${c.type} ${c.channel ?? ''}`.trim();
  return 'command';
}

/** [GEN-FUNC-CHECK-COUNTEREXAMPLE.1] A Mermaid sequence diagram of the last `lastN` shown events. */
export function sequenceDiagram(events: readonly TraceEvent[], lastN = 60): string {
  const cases = new Map<number, string>();
  for (const e of events) if (e.k === 'send') cases.set(e.id, describePayload(e.payload));
  const shown = events.filter((e) => SHOWN.has(e.k)).slice(-lastN);
  const participants: string[] = [];
  const see = (name: string) => {
    if (!participants.includes(name)) participants.push(name);
    return idOf(name);
  };
  const lines: string[] = [];
  const everyone = () => (participants.length === 0 ? undefined : participants.length === 1 ? idOf(participants[0]!) : `${idOf(participants[0]!)},${idOf(participants[participants.length - 1]!)}`);
  for (const e of shown) {
    const at = `t=${e.t}`;
    switch (e.k) {
      case 'deliver':
        lines.push(`  ${see(e.from)}->>${see(e.to)}: ${cases.get(e.id) ?? 'message'} (${at})`);
        break;
      case 'drop':
        lines.push(`  ${see(e.from)}-x${see(e.to)}: ${cases.get(e.id) ?? 'message'} ${e.reason} (${at})`);
        break;
      case 'leader':
        lines.push(`  Note over ${see(e.peer)}: ${e.isLeader ? 'leads' : 'stops leading'} ${e.channel} (${at})`);
        break;
      case 'commit':
        lines.push(`  Note over ${see(e.peer)}: commits ${e.channel} block ${e.seq}${e.anomaly === null ? '' : ` ${e.anomaly}`} (${at})`);
        break;
      case 'ordererBlock':
        lines.push(`  ${see('orderer')}->>${see(e.peer)}: ${e.channel} block ${e.seq} (${at})`);
        break;
      case 'cut':
        lines.push(`  Note over ${see('orderer')}: cuts ${e.channel} block ${e.seq} (${at})`);
        break;
      case 'command':
        lines.push(`  Note over ${see(e.peer)}: ${describeCommand(e.command)} (${at})`);
        break;
      case 'init':
        lines.push(`  Note over ${see(e.peer)}: starts, incarnation ${e.incarnation} (${at})`);
        break;
      case 'fault': {
        const over = everyone();
        const text = faultText(e.action);
        if (over !== undefined) lines.push(`  Note over ${over}: ${text} (${at})`);
        break;
      }
      case 'failure': {
        const over = e.peer === null ? everyone() : see(e.peer);
        if (over !== undefined) lines.push(`  Note over ${over}: FAILURE ${e.kind} (${at})`);
        break;
      }
      default:
        break;
    }
  }
  const names = participants.map((p) => `  participant ${idOf(p)} as ${p}`);
  return ['sequenceDiagram', ...names, ...lines].join('\n') + '\n';
}

function faultText(action: Extract<TraceEvent, { k: 'fault' }>['action']): string {
  switch (action.kind) {
    case 'partition': {
      // [SIM-FUNC-ORDERER-PARTITION.1] the trace names the ordering service's group when the partition places it.
      const ordererGroup = (action as { ordererGroup?: number }).ordererGroup;
      const groups = action.groups.map((g, i) => `[${g.join(' ')}${i === ordererGroup ? ' +orderer' : ''}]`).join(' ');
      return `partition ${groups}${ordererGroup === action.groups.length ? ' [others +orderer]' : ''}`;
    }
    case 'crash':
      return `crash ${action.peer}`;
    case 'restart':
      return `restart ${action.peer}`;
    case 'ordererReachable':
      return `ordering service of ${action.channel} ${action.reachable ? 'back' : 'down'}`;
    case 'network':
      return `network ${Object.entries(action.settings).map(([k, v]) => `${k}=${typeof v === 'object' ? '…' : String(v as string | number | boolean)}`).join(' ')}`;
    default:
      return action.kind;
  }
}

/** The command line that replays a counterexample. */
export function replayCommand(cx: Counterexample, extra = ''): string {
  return `npm run check -- --property ${cx.property} --seed ${cx.seed} --path ${cx.path} --runs 1${extra}`;
}

/**
 * [GEN-FUNC-CHECK-COUNTEREXAMPLE.1] Replays the shrunk case with tracing on and renders what a
 * person needs: the case and replay data, the ndjson trace, the sequence diagram and a summary.
 */
export function counterexampleFiles(property: WholeNetworkProperty, cx: Counterexample, options: RunCaseOptions, lastN = 60, extra = ''): CounterexampleFiles {
  const outcome = runCase(property, cx.testCase, { ...options, tracing: true });
  const events = traceEvents(outcome.world);
  const failure = outcome.failure;
  const replay = { property: cx.property, seed: cx.seed, path: cx.path, command: replayCommand(cx, extra) };
  const readme = [
    `# ${cx.property} violated`,
    '',
    failure === undefined ? `(the traced replay did not fail: ${cx.message})` : `${failure.kind} at t=${failure.nowMs} ms, step ${failure.step}: ${failure.message}`,
    '',
    `Replay: \`${replay.command}\``,
    '',
    `Files: counterexample.json (the shrunk world and schedule), trace.ndjson (${events.length} events), sequence.mmd (the last ${lastN} events before the violation).`,
    '',
  ].join('\n');
  return {
    'counterexample.json': `${JSON.stringify({ replay, message: cx.message, failure: failure ?? null, case: JSON.parse(canonicalEncode(cx.testCase) ?? 'null') as unknown }, null, 2)}\n`,
    'trace.ndjson': traceNdjson(outcome.world),
    'sequence.mmd': sequenceDiagram(events, lastN),
    'README.md': readme,
  };
}
