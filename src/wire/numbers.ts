/** uint64 on the wire; bigint or safe integer in the model ([WIRE-MSG-UINT64.1]). */
import { fail } from './errors';

const UINT64_LIMIT = 1n << 64n;

/** [WIRE-MSG-UINT64.1] A wire uint64 for a model SafeUint field: above 2^53 − 1 it is out of the model's range. */
export function safeUintFromWire(value: bigint, path: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) fail('outOfRange', path, `${value} exceeds 2^53 - 1, the model's limit for this field`);
  return Number(value);
}

export function safeUintToWire(value: number, path: string): bigint {
  if (!Number.isSafeInteger(value) || value < 0) fail('notRepresentable', path, `${value} is not a non-negative safe integer`);
  return BigInt(value);
}

/** A model uint64 (already a bigint) checked against the wire's range. */
export function uint64ToWire(value: bigint, path: string): bigint {
  if (typeof value !== 'bigint' || value < 0n || value >= UINT64_LIMIT) fail('notRepresentable', path, `${String(value)} is not a uint64`);
  return value;
}
