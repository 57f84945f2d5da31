/**
 * What a well-formed effect looks like (core/effects.ts), as an io-ts codec: the fuzzer checks every
 * effect a peer returns against it, since a host would otherwise be the first to trip on a bad one.
 */
import * as t from 'io-ts';

const finiteNonNegative = t.refinement(t.number, (n) => Number.isFinite(n) && n >= 0, 'FiniteNonNegative');
const seqNumber = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'Seq');
const peerRef = t.type({ pkiId: t.string, endpoint: t.string });

export const WellFormedEffect = t.union([
  t.type({ kind: t.literal('send'), to: t.readonlyArray(peerRef), message: t.unknown }),
  t.type({ kind: t.literal('setTimer'), timerId: t.string, delayMs: finiteNonNegative, event: t.unknown }),
  t.type({ kind: t.literal('cancelTimer'), timerId: t.string }),
  t.intersection([t.type({ kind: t.literal('handshake'), endpoint: t.string, attempt: t.number }), t.partial({ expectedPkiId: t.string })]),
  t.type({ kind: t.literal('closeConnection'), pkiId: t.string }),
  t.type({ kind: t.literal('persist'), key: t.string, value: t.unknown }),
  t.type({ kind: t.literal('readLedger'), channel: t.string, startSeq: seqNumber, endSeq: seqNumber, correlation: seqNumber }),
  t.type({ kind: t.literal('deliverToLedger'), channel: t.string, seq: seqNumber, block: t.unknown }),
  t.type({ kind: t.literal('leadershipChanged'), channel: t.string, isLeader: t.boolean }),
  t.intersection([t.type({ kind: t.literal('connectOrderer'), channel: t.string }), t.partial({ giveUpAfterMs: finiteNonNegative })]),
  t.type({ kind: t.literal('disconnectOrderer'), channel: t.string }),
  t.intersection([
    t.type({ kind: t.literal('log'), level: t.keyof({ debug: null, info: null, warn: null }), message: t.string }),
    t.partial({ fields: t.UnknownRecord }),
  ]),
  t.intersection([t.type({ kind: t.literal('metric'), name: t.string, value: t.number }), t.partial({ labels: t.record(t.string, t.string) })]),
]);
