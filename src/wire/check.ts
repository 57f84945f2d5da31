/**
 * [WIRE-FUNC-STRUCTURE.1] The structural check that runs before protobuf-es parses a byte string.
 * protobuf-es's `fromBinary` throws without saying where, and reads a known field whatever its
 * wire type; this walk (protobuf-es's own BinaryReader, guided by the generated descriptors)
 * finds the first fault and names its field path ([WIRE-FUNC-ERROR-PATH.1]). Bytes that pass
 * are then parsed by `fromBinary`.
 *
 * One reader walks the whole buffer, nested messages included, each bounded by the end its length
 * prefix gives: the decoder's hot path, run on every inbound byte string, so nothing is allocated
 * per field beyond what the reader returns. Tags, lengths and unknown fields are read by
 * src/messages/proto/framing.ts, which reads them whole as Go does (the library's reader keeps
 * only their low 32 bits).
 */
import { ScalarType, type DescField, type DescMessage } from '@bufbuild/protobuf';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { fieldNumberOf, framingError, MAX_NESTING_DEPTH, readLength, readTag, skipField, wireTypeOf as wireTypeOfTag } from '../messages/proto/framing';
import { isUtf8 } from './bytes';
import { fail, messageOf } from './errors';


// Read once: the library's enums are re-exported through getters.
const VARINT = WireType.Varint;
const BIT64 = WireType.Bit64;
const BIT32 = WireType.Bit32;
const DELIMITED = WireType.LengthDelimited;
const WIRE_TYPE_NAMES = ['Varint', 'Bit64', 'LengthDelimited', 'StartGroup', 'EndGroup', 'Bit32'];

/** How a field's value is read: a nested message, a UTF-8 string, bytes, or a number of one wire type. */
type Shape = 'message' | 'string' | 'bytes' | 'map' | typeof VARINT | typeof BIT64 | typeof BIT32;

interface FieldPlan {
  readonly field: DescField;
  readonly shape: Shape;
  readonly repeated: boolean;
  /** A repeated number, which may also arrive packed in one length-delimited run. */
  readonly packable: boolean;
  readonly child: DescMessage | undefined;
}

function scalarShape(scalar: ScalarType): Shape {
  switch (scalar) {
    case ScalarType.DOUBLE: case ScalarType.FIXED64: case ScalarType.SFIXED64:
      return BIT64;
    case ScalarType.FLOAT: case ScalarType.FIXED32: case ScalarType.SFIXED32:
      return BIT32;
    case ScalarType.STRING:
      return 'string';
    case ScalarType.BYTES:
      return 'bytes';
    default:
      return VARINT;
  }
}

function planOf(field: DescField): FieldPlan {
  switch (field.fieldKind) {
    case 'message':
      return { field, shape: 'message', repeated: false, packable: false, child: field.message };
    case 'map':
      return { field, shape: 'map', repeated: false, packable: false, child: undefined };
    case 'enum':
      return { field, shape: VARINT, repeated: false, packable: false, child: undefined };
    case 'scalar':
      return { field, shape: scalarShape(field.scalar), repeated: false, packable: false, child: undefined };
    case 'list': {
      if (field.listKind === 'message') return { field, shape: 'message', repeated: true, packable: false, child: field.message };
      const shape = field.listKind === 'enum' ? VARINT : scalarShape(field.scalar);
      return { field, shape, repeated: true, packable: typeof shape === 'number', child: undefined };
    }
  }
}

const plans = new WeakMap<DescMessage, ReadonlyMap<number, FieldPlan>>();

function plansOf(desc: DescMessage): ReadonlyMap<number, FieldPlan> {
  let byNo = plans.get(desc);
  if (byNo === undefined) {
    byNo = new Map(desc.fields.map((f) => [f.number, planOf(f)]));
    plans.set(desc, byNo);
  }
  return byNo;
}

const wireTypeOf = (shape: Shape): number => (typeof shape === 'number' ? shape : DELIMITED);

/** Run one read of the library; its exception becomes a malformed failure at `path`. */
function read<A>(path: string, what: string, run: () => A): A {
  try {
    return run();
  } catch (e) {
    return fail('malformed', path, `${what}: ${messageOf(e)}`);
  }
}

/** After a read: the value must end inside its enclosing message, not run into what follows it. */
function within(reader: BinaryReader, end: number, path: string): void {
  if (reader.pos > end) fail('malformed', path, `runs ${reader.pos - end} byte(s) past the end of its enclosing message`);
}

/**
 * Read a varint with the library's reader, which rejects one longer than ten bytes; a ten-byte
 * varint must also fit 64 bits (its last byte at most 1), which Go checks and the reader does not.
 */
function readVarint(reader: BinaryReader, buf: Uint8Array): void {
  const start = reader.pos;
  reader.uint64();
  if (reader.pos - start === 10 && (buf[reader.pos - 1] ?? 0) > 1) throw new Error('varint overflows 64 bits');
}

function readNumber(reader: BinaryReader, buf: Uint8Array, shape: Shape): void {
  if (shape === BIT64) reader.fixed64();
  else if (shape === BIT32) reader.fixed32();
  else readVarint(reader, buf);
}

/** The path of a field; built only when it is needed (a failure, or a nested message's walk). */
const fieldPath = (path: string, plan: FieldPlan, index: number): string => (index < 0 ? `${path}.${plan.field.name}` : `${path}.${plan.field.name}.${index}`);

function checkField(reader: BinaryReader, buf: Uint8Array, plan: FieldPlan, wireType: number, end: number, path: string, index: number, depth: number): void {
  const expected = wireTypeOf(plan.shape);
  const packed = plan.packable && wireType === Number(DELIMITED);
  if (wireType !== Number(expected) && !packed) {
    fail('malformed', fieldPath(path, plan, index), `wire type ${WIRE_TYPE_NAMES[wireType]} where field ${plan.field.name} expects ${WIRE_TYPE_NAMES[expected]}`);
  }
  if (typeof plan.shape === 'number' && !packed) {
    try {
      readNumber(reader, buf, plan.shape);
    } catch (e) {
      fail('malformed', fieldPath(path, plan, index), messageOf(e));
    }
    within(reader, end, fieldPath(path, plan, index));
    return;
  }
  const length = readLength(buf, reader, end);
  if (length < 0) fail('malformed', fieldPath(path, plan, index), `length: ${framingError(length)}`);
  const start = reader.pos;
  const stop = start + length;
  if (plan.shape === 'message' && plan.child !== undefined) {
    walk(reader, buf, plan.child, stop, fieldPath(path, plan, index), depth + 1);
  } else if (plan.shape === 'string') {
    if (!isUtf8(buf.subarray(start, stop))) fail('malformed', fieldPath(path, plan, index), 'string field is not valid UTF-8');
  } else if (packed) {
    reader.pos = start;
    while (reader.pos < stop) {
      read(fieldPath(path, plan, index), 'packed number', () => readNumber(reader, buf, plan.shape));
      within(reader, stop, fieldPath(path, plan, index));
    }
  }
  reader.pos = stop;
}

function walk(reader: BinaryReader, buf: Uint8Array, desc: DescMessage, end: number, path: string, depth: number): void {
  if (depth > MAX_NESTING_DEPTH) fail('malformed', path, `messages nested deeper than ${MAX_NESTING_DEPTH}`);
  const byNo = plansOf(desc);
  let seen: Map<number, number> | undefined;
  while (reader.pos < end) {
    const tag = readTag(buf, reader, end);
    if (tag < 0) fail('malformed', path, `tag: ${framingError(tag)}`);
    const no = fieldNumberOf(tag);
    const wireType = wireTypeOfTag(tag);
    const plan = byNo.get(no);
    if (plan === undefined) {
      // Unknown fields are kept (protobuf-es's $unknown, as Go keeps them); they must still be well framed.
      const skipped = skipField(buf, reader, end, no, wireType, depth);
      if (skipped < 0) fail('malformed', `${path}.#${no}`, `unknown field: ${framingError(skipped)}`);
      continue;
    }
    // A list element is named by its index (a packed run of numbers, by the list's name).
    let index = -1;
    if (plan.repeated && !(plan.packable && wireType === Number(DELIMITED))) {
      seen ??= new Map();
      index = seen.get(no) ?? 0;
      seen.set(no, index + 1);
    }
    checkField(reader, buf, plan, wireType, end, path, index, depth);
  }
}

/** Check the encoding of one `desc` message; fails (via `fail`) at the first fault. */
export function checkMessage(desc: DescMessage, bytes: Uint8Array, path: string): void {
  const reader = new BinaryReader(bytes);
  walk(reader, bytes, desc, bytes.length, path, 0);
}
