/**
 * The two ways a model string becomes wire bytes, as the wire codec reads them: a `bytes` field is
 * a Latin-1 string (code unit i is byte i, [WIRE-MSG-BYTES.1]) and a `string` field is UTF-8
 * ([WIRE-MSG-STRINGS.1]). A string with no such form gives undefined; nothing here throws.
 */

/** The bytes of a model byte string, or undefined when a code unit is above 0xFF. */
export function latin1Bytes(text: string): Uint8Array | undefined {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit > 0xff) return undefined;
    out[i] = unit;
  }
  return out;
}

/** The model byte string of `bytes` (the inverse of latin1Bytes). */
export function latin1Text(bytes: Uint8Array): string {
  // Chunked: String.fromCharCode's argument list is bounded by the engine's stack.
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  return out;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const utf8Encoder = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 of a string, or undefined when it holds a lone surrogate (TextEncoder would replace it silently). */
export function utf8Bytes(text: string): Uint8Array | undefined {
  return LONE_SURROGATE.test(text) ? undefined : utf8Encoder.encode(text);
}

/** The text of well-formed UTF-8, or undefined (Go's proto3 unmarshaller refuses such a string field). */
export function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
