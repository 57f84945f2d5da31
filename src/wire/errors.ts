/**
 * The codec's typed failures. Decoding and encoding never throw: inside the codec a failure is
 * raised as a private exception (so that the mapping code reads as straight-line code), and the
 * public functions catch it at one boundary, `attempt`. The library's own exceptions are turned
 * into failures with a path where they can happen (check.ts, proto-codec.ts, bytes.ts).
 */

/**
 * Why a byte string or a model value was refused.
 * - `malformed`: not valid protobuf for the schema (truncated, bad tag, wrong wire type, bad UTF-8).
 * - `unmodelled`: valid protobuf that the io-ts model has no place for (private data).
 * - `invalid`: valid protobuf that breaks a rule of the model (an absent required message, an
 *   unknown enum number, a nested envelope of the wrong type, a block without a channel id).
 * - `outOfRange`: a uint64 above 2^53 − 1 in a field the model keeps as a safe integer.
 * - `notRepresentable`: (encoding) a model value that has no wire form (see spec/wire.md).
 * - `internal`: an exception the codec did not expect; a bug, which the fuzz test looks for.
 */
export type WireErrorReason = 'malformed' | 'unmodelled' | 'invalid' | 'outOfRange' | 'notRepresentable' | 'internal';

export interface WireError {
  readonly kind: 'wireError';
  readonly reason: WireErrorReason;
  /**
   * Decoding: the protobuf path, root message first, Fabric's field names, list indices as
   * numbers, unknown fields as `#<number>` (`Envelope.payload.mem_res.alive.1.payload.alive_msg`).
   * Encoding: the io-ts model path, as DecodeError names it (`payload.content.aliveMsg.identity`).
   */
  readonly path: string;
  /** Starts with the path (or `(root)`), as DecodeError messages do. */
  readonly message: string;
}

export type WireResult<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly error: WireError };

class WireFailure extends Error {
  constructor(readonly error: WireError) {
    super(error.message);
  }
}

export function wireError(reason: WireErrorReason, path: string, detail: string): WireError {
  return { kind: 'wireError', reason, path, message: `${path || '(root)'}: ${detail}` };
}

/** Raise a failure; caught by `attempt`. */
export function fail(reason: WireErrorReason, path: string, detail: string): never {
  throw new WireFailure(wireError(reason, path, detail));
}

/** `parent.child`, or `child` at the root of a model path. */
export const at = (parent: string, child: string | number): string => (parent === '' ? String(child) : `${parent}.${child}`);

/**
 * [WIRE-SAFE-DECODE-TOTAL.1] Run codec code: its value, its raised failure, or any other exception
 * as an `internal` error, so that no input makes a public function throw.
 */
export function attempt<A>(rootPath: string, run: () => A): WireResult<A> {
  try {
    return { ok: true, value: run() };
  } catch (e) {
    if (e instanceof WireFailure) return { ok: false, error: e.error };
    return { ok: false, error: wireError('internal', rootPath, `unexpected exception: ${e instanceof Error ? e.message : String(e)}`) };
  }
}

/** The message of whatever a library threw. */
export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
