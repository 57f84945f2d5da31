/**
 * Protobuf bytes ↔ a field tree, guided by a schema (schema.ts), with Go's semantics both ways:
 *
 * - writing (`serialize`) is Go's `proto.Marshal`: known fields in field-number order, a scalar
 *   left out when it holds its zero value (unless it is a oneof member, which has presence), a set
 *   message field written even when empty, a repeated field element by element;
 * - reading (`parse`) is Go's `proto.Unmarshal`: a repeated singular scalar keeps its last value, a
 *   repeated singular message field is merged, a oneof member clears the member set before it,
 *   unknown fields are skipped (they are framed, checked and dropped), and it fails (undefined) on
 *   what Go refuses or the wire codec refuses ([WIRE-FUNC-STRUCTURE.1]): a bad tag, a known field of
 *   the wrong wire type, an over-long varint, a length past the end, invalid UTF-8 in a string.
 *
 * `serialize(parse(b))` is then the deterministic encoding of what `b` says, without its unknown
 * fields: two byte strings that decode to the same message give the same bytes.
 */
import { utf8Text } from './bytes';
import { fieldNumberOf, MAX_NESTING_DEPTH, readLength, readTag, skipField, wireTypeOf, type Cursor } from './framing';
import type { FieldSpec, MessageSchema, VarintKind } from './schema';

export type FieldValue = bigint | Uint8Array | Tree | readonly (Uint8Array | Tree)[];
/** Field number → value; varint kinds as their 64-bit wire value, strings as their UTF-8 bytes. */
export type Tree = ReadonlyMap<number, FieldValue>;

// ---- Writing

/** Append a varint; numbers below 2^31 take the cheap path (tags, lengths, most values). */
function pushVarint(out: number[], value: bigint | number): void {
  if (typeof value === 'number' && value < 0x80000000) {
    let v = value;
    while (v >= 0x80) {
      out.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.push(v);
    return;
  }
  let v = BigInt(value);
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
}

function pushBytes(out: number[], bytes: Uint8Array): void {
  for (let i = 0; i < bytes.length; i++) out.push(bytes[i] as number);
}

const isZero = (v: FieldValue): boolean => v === 0n || (v instanceof Uint8Array && v.length === 0);

function writeField(out: number[], spec: FieldSpec, v: Uint8Array | Tree | bigint): void {
  if (typeof v === 'bigint') {
    pushVarint(out, spec.no * 8);
    pushVarint(out, v < 0x80000000n ? Number(v) : v);
    return;
  }
  pushVarint(out, spec.no * 8 + 2);
  if (v instanceof Uint8Array) {
    pushVarint(out, v.length);
    pushBytes(out, v);
    return;
  }
  const body: number[] = [];
  writeMessage(body, spec.message as MessageSchema, v);
  pushVarint(out, body.length);
  for (const b of body) out.push(b);
}

function writeMessage(out: number[], schema: MessageSchema, tree: Tree): void {
  for (const spec of schema.fields) {
    const v = tree.get(spec.no);
    if (v === undefined) continue;
    if (Array.isArray(v)) {
      for (const element of v as readonly (Uint8Array | Tree)[]) writeField(out, spec, element);
    } else if (spec.kind === 'message' || spec.oneof !== undefined || !isZero(v)) {
      writeField(out, spec, v as Uint8Array | Tree | bigint);
    }
  }
}

/** Go's proto.Marshal of the message `tree` holds. */
export function serialize(schema: MessageSchema, tree: Tree): Uint8Array {
  const out: number[] = [];
  writeMessage(out, schema, tree);
  return Uint8Array.from(out);
}

// ---- Reading

/** A field's varint value, read whole (64 bits) as Go's ConsumeVarint reads it; undefined on a fault. */
function readVarint(buf: Uint8Array, c: Cursor, end: number): bigint | undefined {
  let value = 0n;
  for (let i = 0; i < 10; i++) {
    if (c.pos >= end) return undefined;
    const b = buf[c.pos++] as number;
    if (i === 9 && b > 1) return undefined;
    value |= BigInt(b & 0x7f) << BigInt(7 * i);
    if (b < 0x80) return value;
  }
  return undefined;
}

/** A varint as Go stores it in a field of this kind, re-expressed as the 64-bit value Go would write back. */
function varintValue(kind: VarintKind, v: bigint): bigint {
  switch (kind) {
    case 'bool':
      return v === 0n ? 0n : 1n;
    case 'uint32':
      return BigInt.asUintN(32, v);
    case 'int32':
    case 'enum':
      return BigInt.asUintN(64, BigInt.asIntN(32, v));
    default:
      return v;
  }
}

type MutableTree = Map<number, FieldValue>;

/** Set a singular field; a oneof member first clears the other members of its oneof. */
function setSingular(tree: MutableTree, schema: MessageSchema, spec: FieldSpec, v: FieldValue): void {
  if (spec.oneof !== undefined) {
    for (const other of schema.fields) if (other.oneof === spec.oneof && other.no !== spec.no) tree.delete(other.no);
  }
  tree.set(spec.no, v);
}

/** Add an element to a repeated field (the list is the tree's own until parsing returns). */
function append(tree: MutableTree, no: number, element: Uint8Array | Tree): void {
  const list = tree.get(no) as (Uint8Array | Tree)[] | undefined;
  if (list === undefined) tree.set(no, [element]);
  else list.push(element);
}

function parseInto(tree: MutableTree, schema: MessageSchema, buf: Uint8Array, start: number, end: number, depth: number): boolean {
  if (depth > MAX_NESTING_DEPTH) return false;
  const c: Cursor = { pos: start };
  while (c.pos < end) {
    const tag = readTag(buf, c, end);
    if (tag < 0) return false;
    const no = fieldNumberOf(tag);
    const wireType = wireTypeOf(tag);
    const spec = schema.byNo.get(no);
    if (spec === undefined) {
      if (skipField(buf, c, end, no, wireType, depth) < 0) return false;
      continue;
    }
    if (spec.kind !== 'message' && spec.kind !== 'bytes' && spec.kind !== 'string') {
      if (wireType !== 0) return false;
      const v = readVarint(buf, c, end);
      if (v === undefined) return false;
      setSingular(tree, schema, spec, varintValue(spec.kind, v));
      continue;
    }
    if (wireType !== 2) return false;
    const length = readLength(buf, c, end);
    if (length < 0) return false;
    const from = c.pos;
    const to = from + length;
    c.pos = to;
    if (spec.kind === 'message') {
      const existing = spec.repeated ? undefined : tree.get(spec.no);
      const child: MutableTree = existing instanceof Map ? (existing as MutableTree) : new Map<number, FieldValue>();
      if (!parseInto(child, spec.message as MessageSchema, buf, from, to, depth + 1)) return false;
      if (spec.repeated) append(tree, spec.no, child);
      else setSingular(tree, schema, spec, child);
      continue;
    }
    const value = buf.slice(from, to);
    if (spec.kind === 'string' && utf8Text(value) === undefined) return false;
    if (spec.repeated) append(tree, spec.no, value);
    else setSingular(tree, schema, spec, value);
  }
  return true;
}

/** Go's proto.Unmarshal of `bytes` as a `schema` message, or undefined where it (or the wire codec) refuses. */
export function parse(schema: MessageSchema, bytes: Uint8Array): Tree | undefined {
  const tree: MutableTree = new Map();
  return parseInto(tree, schema, bytes, 0, bytes.length, 0) ? tree : undefined;
}

/** The deterministic encoding of what `bytes` says (unknown fields dropped), or undefined when it does not parse. */
export function canonicalize(schema: MessageSchema, bytes: Uint8Array): Uint8Array | undefined {
  const tree = parse(schema, bytes);
  return tree === undefined ? undefined : serialize(schema, tree);
}

/** A singular bytes or string field's value (its zero value when absent). */
export function bytesField(tree: Tree, no: number): Uint8Array {
  const v = tree.get(no);
  return v instanceof Uint8Array ? v : new Uint8Array(0);
}

/** A singular message field's tree, or undefined when absent. */
export function messageField(tree: Tree, no: number): Tree | undefined {
  const v = tree.get(no);
  return v instanceof Map ? v : undefined;
}
