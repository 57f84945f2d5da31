/**
 * `command` inputs: garbage, the run's real channel configs mutated, and well-typed JOIN_CHANNEL /
 * YIELD / STOP commands with odd values (negative or fractional sequences, channels nobody knows,
 * an org list without our org, duplicate orgs, anchor peers on impossible ports).
 */
import type { HostInput } from '../../core';
import { clockOf, type CaseGenerator } from './context';
import { mutate } from '../../messages/mutation/mutate';
import type { Rand } from '../../messages/mutation/rand';
import { junk, oddNumber, oddString, OVERSIZE_ARRAY_LENGTH } from '../../messages/mutation/values';

/** The org list of a join: empty, without our org, with duplicates, or huge; built only once chosen. */
function orgList(rand: Rand): unknown[] {
  const anchor = () => ({ host: rand.pick(['peer0.org1.example.com', '', 'localhost', oddString(rand)]), port: rand.pick([7051, 0, -1, 65536, 0.5, Number.NaN, oddNumber(rand)]) });
  const org = (mspId: string, anchors = rand.int(0, 2)) => ({ mspId, anchorPeers: Array.from({ length: anchors }, anchor) });
  const lists: (() => unknown[])[] = [
    () => [],
    () => [org('Org1MSP')],
    () => [org('Org2MSP')],
    () => [org('Org1MSP'), org('Org2MSP')],
    () => [org('Org1MSP'), org('Org1MSP'), org('Org2MSP')],
    () => [org('Org3MSP'), org('')],
    () => Array.from({ length: OVERSIZE_ARRAY_LENGTH }, (_, i) => org(`Org${i}MSP`, 0)),
  ];
  return rand.pick(lists)();
}

function oddJoin(rand: Rand, channel: string): unknown {
  return {
    type: 'JOIN_CHANNEL',
    channel: rand.chance(0.6) ? channel : rand.pick(['otherchannel', '', oddString(rand)]),
    sequence: rand.pick([0, 1, 2, 100, -1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER, oddNumber(rand)]),
    orgs: orgList(rand),
  };
}

export const commandCase: CaseGenerator = (rand, ctx, snap) => {
  const nowMs = clockOf(rand, snap);
  const input = (family: string, detail: string, command: unknown) => ({ family, detail, inputs: [{ kind: 'command', nowMs, command } as HostInput] });
  switch (rand.int(0, 9)) {
    case 0:
    case 1:
      return input('command.garbage', 'random value', junk(rand));
    case 2:
    case 3: {
      const real = rand.pick(ctx.capture.commands.length > 0 ? ctx.capture.commands : [{ type: 'STOP' }]);
      const m = mutate(rand, real, ctx.pool);
      return input('command.mutated', m.label, m.value);
    }
    case 4:
    case 5:
    case 6:
      return input('command.oddJoin', 'JOIN_CHANNEL with odd values', oddJoin(rand, ctx.capture.channel));
    case 7:
    case 8: {
      const channel = rand.pick([ctx.capture.channel, 'otherchannel', '', oddString(rand)]);
      return input('command.yield', `YIELD ${channel}`, { type: 'YIELD', channel });
    }
    default:
      // A valid STOP (rare: it ends the peer) or a STOP with odd extras.
      return input('command.stop', 'STOP', rand.chance(0.3) ? { type: 'STOP' } : { type: rand.pick(['STOP ', 'stop', 'START']), channel: ctx.capture.channel });
  }
};
