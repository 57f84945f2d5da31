/**
 * The model keeps Fabric's `bytes` fields as strings (src/messages/primitives.ts). On the wire a
 * model byte string is read as Latin-1: code unit i is byte i. That is the one mapping under which
 * every byte string Fabric can send decodes without loss ([WIRE-MSG-BYTES.1]); a model string with
 * a code unit above 0xFF has no wire form and is refused when encoding.
 * Protobuf `string` fields are UTF-8 both ways, strictly, as Go's proto3 marshaller requires
 * ([WIRE-MSG-STRINGS.1]).
 */
import { fail } from './errors';

export function bytesToModel(bytes: Uint8Array): string {
  // Chunked: String.fromCharCode's argument list is bounded by the engine's stack. `apply`
  // takes the typed array as it is (spreading it would go through its iterator).
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  return out;
}

/** [WIRE-MSG-BYTES.1] The bytes of a model byte string, or a notRepresentable failure at `path`. */
export function modelToBytes(text: string, path: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit > 0xff) fail('notRepresentable', path, `code unit 0x${unit.toString(16)} at index ${i} is not a byte (bytes fields are Latin-1 strings)`);
    out[i] = unit;
  }
  return out;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** [WIRE-MSG-STRINGS.1] A model string that UTF-8 can carry (no lone surrogate), or a failure at `path`. */
export function checkUtf16(text: string, path: string): string {
  const lone = LONE_SURROGATE.exec(text);
  if (lone) fail('notRepresentable', path, `lone surrogate 0x${lone[0].charCodeAt(0).toString(16)} at index ${lone.index} has no UTF-8 form`);
  return text;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Whether `bytes` is well-formed UTF-8 (Go's proto3 unmarshaller rejects a string field that is not). */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}
