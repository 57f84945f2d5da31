/**
 * Protobuf framing as Go's `protowire` and `proto.Unmarshal` check it: tags, lengths and unknown
 * fields. Shared by the two readers of received bytes, the signing layer's tree (tree.ts) and the
 * wire codec's structural check (src/wire/check.ts), so that both refuse exactly what Go refuses
 * ([WIRE-FUNC-STRUCTURE.1]).
 *
 * Why not protobuf-es's `BinaryReader` for these: it reads a length as a 32-bit varint, dropping
 * the higher bits, so a length of 2^32 + 1 reads as 1 and the bytes after it are taken as the
 * field's value; Go reads the whole 64-bit varint and refuses the length as running past the end.
 *
 * Values are JavaScript numbers, exact below 2^53; a larger tag or length is refused anyway, so
 * only its being large matters. A failure is a negative code, as Go's `protowire` returns one.
 */

/** Go's `protowire.MaxValidNumber`. */
export const MAX_FIELD_NUMBER = 2 ** 29 - 1;
/** protobuf-es's and Go's default nesting limit; Fabric's messages nest a handful of levels. */
export const MAX_NESTING_DEPTH = 100;

export const ERR_TRUNCATED = -1;
export const ERR_OVERFLOW = -2;
export const ERR_FIELD_NUMBER = -3;
export const ERR_WIRE_TYPE = -4;
export const ERR_END_GROUP = -5;
export const ERR_DEPTH = -6;

const MESSAGES: Readonly<Record<number, string>> = {
  [ERR_TRUNCATED]: 'runs past the end of its enclosing message',
  [ERR_OVERFLOW]: 'varint longer than ten bytes or above 2^64 - 1',
  [ERR_FIELD_NUMBER]: `field number outside 1..${MAX_FIELD_NUMBER}`,
  [ERR_WIRE_TYPE]: 'wire type 6 or 7',
  [ERR_END_GROUP]: 'end-group tag without its start-group tag',
  [ERR_DEPTH]: `groups nested deeper than ${MAX_NESTING_DEPTH}`,
};

/** What a negative code means, for an error message. */
export const framingError = (code: number): string => MESSAGES[code] ?? `framing error ${code}`;

/** A read position inside a buffer (protobuf-es's `BinaryReader` is one: it has a writable `pos`). */
export interface Cursor {
  pos: number;
}

/** Go's `ConsumeVarint`: at most ten bytes, fitting 64 bits. The value (≥ 0), or a negative code. */
export function readVarintNumber(buf: Uint8Array, c: Cursor, end: number): number {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (c.pos >= end) return ERR_TRUNCATED;
    const b = buf[c.pos++] as number;
    if (i === 9 && b > 1) return ERR_OVERFLOW;
    value += (b & 0x7f) * scale;
    if (b < 0x80) return value;
    scale *= 128;
  }
  return ERR_OVERFLOW;
}

/**
 * A tag as `proto.Unmarshal` takes it: field number × 8 + wire type, or a negative code. Wire
 * types 6 and 7 are refused here, where Go refuses them when it consumes the field's value: every
 * field with such a tag is refused either way.
 */
export function readTag(buf: Uint8Array, c: Cursor, end: number): number {
  const tag = readVarintNumber(buf, c, end);
  if (tag < 0) return tag;
  const no = Math.floor(tag / 8);
  if (no < 1 || no > MAX_FIELD_NUMBER) return ERR_FIELD_NUMBER;
  return tag % 8 > 5 ? ERR_WIRE_TYPE : tag;
}

export const fieldNumberOf = (tag: number): number => tag >>> 3;
export const wireTypeOf = (tag: number): number => tag & 7;

/** Go's `ConsumeBytes` length: it must fit what is left before `end`. The length, or a negative code. */
export function readLength(buf: Uint8Array, c: Cursor, end: number): number {
  const length = readVarintNumber(buf, c, end);
  if (length < 0) return length;
  return length > end - c.pos ? ERR_TRUNCATED : length;
}

/**
 * Go's `ConsumeFieldValue` for an unknown field whose tag has been read: skip its value, checking
 * its framing (a group must end with its own end-group tag). 0, or a negative code.
 */
export function skipField(buf: Uint8Array, c: Cursor, end: number, no: number, wireType: number, depth: number): number {
  switch (wireType) {
    case 0: {
      const v = readVarintNumber(buf, c, end);
      return v < 0 ? v : 0;
    }
    case 1:
    case 5: {
      const size = wireType === 1 ? 8 : 4;
      if (end - c.pos < size) return ERR_TRUNCATED;
      c.pos += size;
      return 0;
    }
    case 2: {
      const length = readLength(buf, c, end);
      if (length < 0) return length;
      c.pos += length;
      return 0;
    }
    case 3: {
      if (depth >= MAX_NESTING_DEPTH) return ERR_DEPTH;
      for (;;) {
        const tag = readTag(buf, c, end);
        if (tag < 0) return tag;
        const innerNo = fieldNumberOf(tag);
        if (wireTypeOf(tag) === 4) return innerNo === no ? 0 : ERR_END_GROUP;
        const r = skipField(buf, c, end, innerNo, wireTypeOf(tag), depth + 1);
        if (r < 0) return r;
      }
    }
    case 4:
      return ERR_END_GROUP;
    default:
      return ERR_WIRE_TYPE;
  }
}
