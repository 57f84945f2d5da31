/**
 * `receive` inputs: real envelopes replayed or mutated (sometimes re-signed so the mutation gets
 * past the signature check), envelopes of the right shape from the message arbitraries, values
 * broken in exactly one field, and plain garbage.
 */
import type { ConnectionInfo, HostInput } from '../../core';
import { envelopeOf, legallyTaggedMessage, malformedEnvelope, malformedMessage } from '../../messages/arbitraries';
import type { Snapshot } from './capture';
import { clockOf, forgedConnection, signerFor, someConnection, type CaseGenerator, type FuzzContext } from './context';
import { mutate } from '../../messages/mutation/mutate';
import { setAt } from '../../messages/mutation/paths';
import { draw, type Rand } from '../../messages/mutation/rand';
import { resign } from '../../messages/mutation/resign';
import { junk } from '../../messages/mutation/values';

const receiveInput = (rand: Rand, snap: Snapshot, from: ConnectionInfo, payload: unknown): HostInput => ({
  kind: 'receive',
  nowMs: clockOf(rand, snap),
  from,
  payload,
});

export const replayed: CaseGenerator = (rand, ctx, snap) => {
  const env = rand.pick(ctx.capture.envelopes);
  return { family: 'receive.replayed', detail: `sent by ${env.sender}`, inputs: [receiveInput(rand, snap, someConnection(rand, ctx, snap, env.sender), env.payload)] };
};

export const mutated: CaseGenerator = (rand, ctx, snap) => {
  const env = rand.pick(ctx.capture.envelopes);
  const m = mutate(rand, env.payload, ctx.pool);
  const signed = rand.chance(0.4);
  const payload = signed ? resign(ctx.capture.suite, m.value, signerFor(rand, ctx, env.sender)) : m.value;
  return {
    family: signed ? 'receive.mutatedResigned' : 'receive.mutated',
    detail: `sent by ${env.sender}: ${m.label}`,
    inputs: [receiveInput(rand, snap, someConnection(rand, ctx, snap, env.sender), payload)],
  };
};

const shapedArb = envelopeOf(legallyTaggedMessage());

/** The right shape and a legal tag; often on the real channel and signed by a real peer, to get deep. */
export const shaped: CaseGenerator = (rand, ctx, snap) => {
  let payload: unknown = draw(rand, shapedArb);
  if (rand.chance(0.5)) payload = setAt(payload, ['payload', 'channel'], ctx.capture.channel);
  if (rand.chance(0.6)) payload = resign(ctx.capture.suite, payload, signerFor(rand, ctx));
  return { family: 'receive.shaped', detail: 'from the message arbitraries', inputs: [receiveInput(rand, snap, someConnection(rand, ctx, snap), payload)] };
};

const malformedEnvelopeArb = malformedEnvelope();
const malformedMessageArb = malformedMessage();

export const malformed: CaseGenerator = (rand, ctx, snap) => {
  const m = rand.chance(0.5) ? draw(rand, malformedEnvelopeArb) : draw(rand, malformedMessageArb);
  const payload = rand.chance(0.5) ? m.value : { payload: m.value, signature: '' };
  return { family: 'receive.malformed', detail: `${m.fault} at ${m.path}`, inputs: [receiveInput(rand, snap, someConnection(rand, ctx, snap), payload)] };
};

export const garbage: CaseGenerator = (rand, ctx: FuzzContext, snap) => {
  const from = rand.chance(0.8) ? someConnection(rand, ctx, snap) : forgedConnection(rand, ctx);
  return { family: 'receive.garbage', detail: 'random value', inputs: [receiveInput(rand, snap, from, junk(rand))] };
};
