/**
 * Test helper: the same protobuf message written the ways a marshaller other than ours may write
 * it, all of which Go's unmarshaller reads as the same message. From a canonical encoding and its
 * schema, `scramble` makes another byte string by, at every message level:
 * - interleaving fields of different numbers (the elements of one repeated field keep their order);
 * - writing a singular scalar twice, a decoy value first (the last one counts);
 * - writing an absent scalar as a decoy followed by an explicit zero (which resets it);
 * - splitting a singular message field into two occurrences (they merge);
 * - writing another member of a oneof before the real one (the later member replaces it);
 * - adding unknown fields of every wire type, a group included (they are skipped).
 * Bytes fields (an envelope's payload, a block) are kept as they are.
 */
import type { FieldSpec, MessageSchema } from '../../src/messages/proto/schema';

interface Field {
  readonly no: number;
  readonly wireType: number;
  /** The value's bytes: the varint, a length-delimited body, or a group's fields. */
  readonly body: Uint8Array;
}

const varint = (value: bigint | number): number[] => {
  const out: number[] = [];
  let v = BigInt(value);
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
};

function readVarint(buf: Uint8Array, at: { pos: number }): bigint {
  let v = 0n;
  for (let shift = 0n; ; shift += 7n) {
    const b = buf[at.pos++];
    if (b === undefined) throw new Error('truncated varint in a canonical encoding');
    v |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) return v;
  }
}

/** The fields of a canonical encoding (varint and length-delimited only, as ours writes). */
function fieldsOf(buf: Uint8Array): Field[] {
  const at = { pos: 0 };
  const out: Field[] = [];
  while (at.pos < buf.length) {
    const tag = readVarint(buf, at);
    const no = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    if (wireType === 0) {
      const start = at.pos;
      readVarint(buf, at);
      out.push({ no, wireType, body: buf.slice(start, at.pos) });
    } else if (wireType === 2) {
      const length = Number(readVarint(buf, at));
      out.push({ no, wireType, body: buf.slice(at.pos, at.pos + length) });
      at.pos += length;
    } else {
      throw new Error(`wire type ${wireType} in a canonical encoding`);
    }
  }
  return out;
}

/** A field's bytes; a group (wire type 3) is its start tag, its body (fields), and its end tag. */
const write = (f: Field): number[] =>
  f.wireType === 3
    ? [...varint(f.no * 8 + 3), ...f.body, ...varint(f.no * 8 + 4)]
    : [...varint(f.no * 8 + f.wireType), ...(f.wireType === 2 ? varint(f.body.length) : []), ...f.body];

/** A small deterministic PRNG (mulberry32), so that fast-check's seed replays a case. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const isScalar = (spec: FieldSpec): boolean => spec.kind !== 'message';
const decoyOf = (spec: FieldSpec): Field =>
  spec.kind === 'string' ? { no: spec.no, wireType: 2, body: new TextEncoder().encode('decoy') }
  : spec.kind === 'bytes' ? { no: spec.no, wireType: 2, body: Uint8Array.of(0xde, 0xc0) }
  : { no: spec.no, wireType: 0, body: Uint8Array.from(varint(1)) };
const zeroOf = (spec: FieldSpec): Field => (spec.kind === 'string' || spec.kind === 'bytes' ? { no: spec.no, wireType: 2, body: new Uint8Array(0) } : { no: spec.no, wireType: 0, body: Uint8Array.of(0) });

/** Unknown fields: a number the schema does not use, each wire type once in a while. */
function unknownFields(schema: MessageSchema, rand: () => number): Field[][] {
  const free = [4, 99, 1000, 536870911].filter((n) => !schema.byNo.has(n));
  const out: Field[][] = [];
  for (const no of free) {
    if (rand() < 0.5) continue;
    switch (Math.floor(rand() * 5)) {
      case 0: out.push([{ no, wireType: 0, body: Uint8Array.from(varint(BigInt(Math.floor(rand() * 1e9)) << 20n)) }]); break;
      case 1: out.push([{ no, wireType: 2, body: Uint8Array.of(1, 2, 3, 0xff) }]); break;
      case 2: out.push([{ no, wireType: 1, body: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8) }]); break;
      case 3: out.push([{ no, wireType: 5, body: Uint8Array.of(9, 9, 9, 9) }]); break;
      // A group holding one varint field (field 1 = 5).
      default: out.push([{ no, wireType: 3, body: Uint8Array.of(0x08, 0x05) }]);
    }
  }
  return out;
}

/** Interleave runs (each kept in order) at random. */
function interleave(runs: Field[][], rand: () => number): Field[] {
  const queues = runs.filter((r) => r.length > 0).map((r) => [...r]);
  const out: Field[] = [];
  while (queues.length > 0) {
    const i = Math.floor(rand() * queues.length);
    const q = queues[i] as Field[];
    out.push(q.shift() as Field);
    if (q.length === 0) queues.splice(i, 1);
  }
  return out;
}

/** Another encoding of the message `canonical` encodes (see the header). */
export function scramble(canonical: Uint8Array, schema: MessageSchema, rand: () => number): Uint8Array {
  const fields = fieldsOf(canonical);
  // One run per field number (repeated elements stay in order); some runs become several.
  const runs = new Map<number, Field[]>();
  for (const f of fields) {
    const spec = schema.byNo.get(f.no);
    let written: Field[] = [f];
    if (spec !== undefined && spec.kind === 'message') {
      const inner = spec.message as MessageSchema;
      const body = scramble(f.body, inner, rand);
      const parts = fieldsOf(f.body);
      if (!spec.repeated && parts.length >= 2 && rand() < 0.5) {
        // Split: two occurrences of the field, each with some of the fields; Go merges them.
        const cut = 1 + Math.floor(rand() * (parts.length - 1));
        const half = (ps: Field[]) => Uint8Array.from(ps.flatMap(write));
        written = [{ ...f, body: half(parts.slice(0, cut)) }, { ...f, body: half(parts.slice(cut)) }];
      } else {
        written = [{ ...f, body }];
      }
      if (spec.oneof !== undefined && rand() < 0.5) {
        const other = schema.fields.find((s) => s.oneof === spec.oneof && s.no !== spec.no && s.kind === 'message');
        if (other !== undefined) written = [{ no: other.no, wireType: 2, body: new Uint8Array(0) }, ...written];
      }
    } else if (spec !== undefined && !spec.repeated && spec.oneof === undefined && rand() < 0.5) {
      written = [decoyOf(spec), f];
    }
    runs.set(f.no, [...(runs.get(f.no) ?? []), ...written]);
  }
  for (const spec of schema.fields) {
    if (runs.has(spec.no) || !isScalar(spec) || spec.repeated || spec.oneof !== undefined || rand() < 0.7) continue;
    runs.set(spec.no, [decoyOf(spec), zeroOf(spec)]);
  }
  // A oneof member written before another must not end up after it: keep a message's own runs in
  // field order relative to the oneof, by interleaving everything but the oneof and appending it.
  const oneofNos = new Set(schema.fields.filter((s) => s.oneof !== undefined).map((s) => s.no));
  const oneofRun = [...runs.entries()].filter(([no]) => oneofNos.has(no)).flatMap(([, r]) => r);
  const rest = [...runs.entries()].filter(([no]) => !oneofNos.has(no)).map(([, r]) => r);
  const mixed = interleave([...rest, ...unknownFields(schema, rand)], rand);
  const at = Math.floor(rand() * (mixed.length + 1));
  return Uint8Array.from([...mixed.slice(0, at), ...oneofRun, ...mixed.slice(at)].flatMap(write));
}
