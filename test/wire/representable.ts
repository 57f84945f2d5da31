/**
 * Test helpers: make a generated model value representable on the wire, and say whether a value
 * met at an encoding error's path is one the wire cannot carry (spec/wire.md).
 */
import { fabricTransaction } from '../../src/wire';

const latin1 = (s: string): string => s.replace(/[\u0100-\uffff]/g, (c) => String.fromCharCode(c.charCodeAt(0) & 0xff));

function isBlock(o: Record<string, unknown>): boolean {
  return 'header' in o && 'metadata' in o && Array.isArray(o['data']);
}

function isAlive(o: Record<string, unknown>): boolean {
  return 'membership' in o && 'timestamp' in o;
}

/**
 * Every string folded into Latin-1 (so both bytes and string fields take it), an empty alive
 * identity left out, and each block's first transaction replaced by a Fabric transaction that
 * carries the block's channel: the three things the model admits and the wire does not.
 */
export function representable<T>(value: T): T {
  return fold(value) as T;
}

function fold(v: unknown): unknown {
  if (typeof v === 'string') return latin1(v);
  if (Array.isArray(v)) return v.map(fold);
  if (v === null || typeof v !== 'object') return v;
  const o: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) o[k] = fold(x);
  if (isAlive(o) && o['identity'] === '') delete o['identity'];
  if (isBlock(o)) {
    const header = o['header'] as { channelId: string };
    const data = o['data'] as string[];
    const tx = fabricTransaction(header.channelId, data[0] ?? '');
    if (!tx.ok) throw new Error(`fabricTransaction refused a Latin-1 channel: ${tx.error.message}`);
    o['data'] = [tx.value, ...data.slice(1)];
  }
  return o;
}

/** The value at a dotted model path, or undefined. */
export function valueAt(root: unknown, path: string): unknown {
  let v: unknown = root;
  for (const key of path === '' ? [] : path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether an encoding error at `path` points at something the wire cannot carry. */
export function isUnrepresentableAt(root: unknown, path: string): boolean {
  const v = valueAt(root, path);
  if (path.endsWith('.identity') && v === '') return true;
  if (path.endsWith('header.channelId') || path.endsWith('.data')) return true; // block channel rule, checked in block.test.ts
  return typeof v === 'string' && (/[\u0100-\uffff]/.test(v) || LONE_SURROGATE.test(v));
}
