/**
 * A CPU profile summary without external tools: node:inspector's profiler around a workload, then
 * the functions with the most self time, one JSON line each.
 */
import { Session } from 'node:inspector';
import { printFigure } from './measure';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly hitCount?: number;
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))));
}

export async function profileTopFunctions(bench: string, workload: () => void, top = 15): Promise<void> {
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.start');
  workload();
  const { profile } = await post<{ profile: { nodes: ProfileNode[] } }>(session, 'Profiler.stop');
  session.disconnect();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0;
    total += hits;
    const file = n.callFrame.url.replace(/^.*\/(dist\/src|node_modules)\//, '$1/');
    const key = `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
  }
  const ranked = [...byFunction.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [fn, hits] of ranked) printFigure({ bench, value: Math.round((hits / total) * 1000) / 10, unit: '% self time', function: fn });
}
