/** Number codecs shared by every subsystem's parameters and inputs (one definition each). */
import * as t from 'io-ts';

export const NonNegativeInt = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'NonNegativeInt');
export const PositiveInt = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n > 0, 'PositiveInt');
/** A virtual time in milliseconds. */
export const TimeMs = t.refinement(t.number, (n) => Number.isFinite(n) && n >= 0, 'TimeMs');
