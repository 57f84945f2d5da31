/**
 * A CPU profile summary without external tools: node:inspector's sampling profiler around a
 * workload, then the functions with the most self time (and, for context, the most inclusive
 * time), each as a share of all samples. `(garbage collector)` is V8's own line.
 */
import { Session } from 'node:inspector';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly hitCount?: number;
  readonly children?: readonly number[];
}

export interface ProfileLine {
  readonly fn: string;
  /** Percent of samples. */
  readonly percent: number;
}

export interface ProfileSummary {
  readonly samples: number;
  readonly self: readonly ProfileLine[];
  readonly inclusive: readonly ProfileLine[];
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))));
}

const labelOf = (n: ProfileNode): string => {
  const file = n.callFrame.url.replace(/^.*\/(dist\/src|node_modules)\//, '$1/').replace(/^file:\/\//, '');
  return file === '' ? n.callFrame.functionName || '(anonymous)' : `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
};

/** Self and inclusive time per function (a recursive function counts once per sample). */
export function summarise(nodes: readonly ProfileNode[], top: number): ProfileSummary {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  for (const n of nodes) {
    const hits = n.hitCount ?? 0;
    if (hits === 0) continue;
    total += hits;
    const label = labelOf(n);
    self.set(label, (self.get(label) ?? 0) + hits);
    const seen = new Set<string>();
    for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
      const at = labelOf(byId.get(id) as ProfileNode);
      if (seen.has(at)) continue;
      seen.add(at);
      inclusive.set(at, (inclusive.get(at) ?? 0) + hits);
    }
  }
  const rank = (m: Map<string, number>, skip: (fn: string) => boolean): ProfileLine[] =>
    [...m.entries()]
      .filter(([fn]) => !skip(fn))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn, hits]) => ({ fn, percent: Math.round((hits / Math.max(total, 1)) * 1000) / 10 }));
  // Inclusive time of the frames every sample passes through (the root, the module loader, the driver loop) says nothing.
  const scaffolding = (fn: string) => /^\((root|program|idle)\)|^runMicrotasks|node:internal|^\(anonymous\) .*bench\/|^(drive|main|run|profiled) .*bench\//.test(fn);
  return { samples: total, self: rank(self, () => false), inclusive: rank(inclusive, scaffolding) };
}

/** Run `workload` under the sampling profiler; its result and the summary. */
export async function profiled<T>(workload: () => T, top = 25): Promise<{ result: T; profile: ProfileSummary }> {
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 1000 });
  await post(session, 'Profiler.start');
  let outcome: { ok: true; result: T } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, result: workload() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  const stopped = await post<{ profile: { nodes: ProfileNode[] } }>(session, 'Profiler.stop');
  session.disconnect();
  if (!outcome.ok) throw outcome.error;
  return { result: outcome.result, profile: summarise(stopped.profile.nodes, top) };
}
