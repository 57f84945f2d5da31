/** The typed error a codec gives for a value it must reject (the codec-error tests of every subsystem). */
import type * as t from 'io-ts';
import { decodeWith, type DecodeError } from '../../src/core/decode';

export function decodeRejection(codec: t.Mixed, value: unknown): DecodeError {
  const r = decodeWith(codec, value);
  if (r.ok) throw new Error(`${codec.name} accepted ${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`);
  return r.error;
}
