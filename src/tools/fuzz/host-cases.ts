/**
 * The host's own inputs: handshake results (right and wrong identities, odd attempts, unknown
 * endpoints, identity switches), comm's presumed-dead reports, orderer blocks (real, from another height, mutated, forged with a valid orderer
 * signature over a wrong header, signed by a peer, random), orderer give-ups for channels
 * nobody joined, and ledger-read answers nobody asked for (real, mutated or random blocks).
 */
import type { HostInput, PkiId } from '../../core';
import { signBlock, type Block } from '../../messages';
import { block as blockArb } from '../../messages/arbitraries';
import { clockOf, type CaseGenerator, type FuzzContext } from './context';
import { mutate } from '../../messages/mutation/mutate';
import { getAt, setAt } from '../../messages/mutation/paths';
import { draw, type Rand } from '../../messages/mutation/rand';
import { junk, nearby, oddNumber, oddString } from '../../messages/mutation/values';

export const handshakeCase: CaseGenerator = (rand, ctx, snap) => {
  const endpoint = rand.chance(0.7) ? rand.pick(ctx.capture.endpoints) : rand.pick([...ctx.pool.endpoints, oddString(rand)]);
  const attempt = rand.pick([0, 1, 2, 3, -1, 0.5, Number.NaN, 1e9, oddNumber(rand)]);
  const identity = rand.pick(ctx.pool.identities);
  const r = rand.int(0, 3);
  // An identity switch ([MEM-FUNC-IDENTITY-SWITCH.1]) names a PKI-ID the dial expected: a real member's, ours, or none at all.
  const switched = rand.chance(0.2) ? { identitySwitchFrom: rand.pick([...ctx.pool.pkiIds, snap.state.self.pkiId, '']) as PkiId } : {};
  const result =
    r === 0
      ? { ok: false as const, reason: oddString(rand, 'refused') }
      : { ok: true as const, identity, pkiId: (r === 1 ? ctx.capture.suite.pkiIdOf(identity) : rand.pick([...ctx.pool.pkiIds, snap.state.self.pkiId, ''])) as PkiId, ...switched };
  const input: HostInput = { kind: 'handshakeResult', nowMs: clockOf(rand, snap), endpoint, attempt, result };
  return { family: 'handshakeResult', detail: `${endpoint} attempt ${attempt} ok=${result.ok}${'identitySwitchFrom' in switched ? ` switch from ${switched.identitySwitchFrom}` : ''}`, inputs: [input] };
};

/** Comm's PresumedDead ([MEM-FUNC-PRESUMED-DEAD.1]): a member's PKI-ID (alive or not), ours, an unknown one, or no PKI-ID at all. */
export const presumedDeadCase: CaseGenerator = (rand, ctx, snap) => {
  const r = rand.int(0, 9);
  const pkiId: unknown = r < 6 ? rand.pick(ctx.pool.pkiIds) : r === 6 ? snap.state.self.pkiId : r === 7 ? oddString(rand) : rand.pick(['', 42, null, undefined, junk(rand)]);
  const input: HostInput = { kind: 'presumedDead', nowMs: clockOf(rand, snap), pkiId };
  return { family: 'presumedDead', detail: `pkiId ${typeof pkiId === 'string' ? pkiId : typeof pkiId}`, inputs: [input] };
};

/** A real block with one header field changed, signed again by the real orderer key (or by a peer's). */
function forgedBlock(rand: Rand, ctx: FuzzContext, real: unknown): { block: unknown; label: string } {
  const field = rand.pick(['number', 'previousHash', 'dataHash', 'channelId']);
  const header = setAt(getAt(real, ['header']), [field], field === 'channelId' ? rand.pick(ctx.pool.channels) : nearby(rand, getAt(real, ['header', field])));
  const byOrderer = rand.chance(0.7);
  const key = byOrderer ? ctx.capture.ordererKey : rand.pick([...ctx.capture.peerKeys.values()]);
  // Over the block's signed bytes ([MSG-FUNC-BLOCK-SIGNED-BYTES.1]); a header that is no value keeps a dummy signature: the block must be refused anyway.
  const signature = signBlock(ctx.capture.suite, key, { header, data: getAt(real, ['data']) } as Pick<Block, 'header' | 'data'>) || 'sym:0';
  const block = setAt(setAt(real, ['header'], header), ['metadata', 'signatures'], [{ identity: key.identity, signature }]);
  return { block, label: `header.${field} changed, signed by ${byOrderer ? 'the orderer' : key.identity}` };
}

const randomBlockArb = blockArb();

function blockFor(rand: Rand, ctx: FuzzContext, real: { seq: number; block: unknown } | undefined): { block: unknown; label: string } {
  const r = real === undefined ? rand.int(4, 5) : rand.int(0, 5);
  if (real !== undefined && r === 0) return { block: real.block, label: `real block ${real.seq}` };
  if (real !== undefined && r === 1) {
    const m = mutate(rand, real.block, ctx.pool);
    return { block: m.value, label: `block ${real.seq}: ${m.label}` };
  }
  if (real !== undefined && r <= 3) return forgedBlock(rand, ctx, real.block);
  return r === 4 ? { block: draw(rand, randomBlockArb), label: 'random block' } : { block: junk(rand), label: 'random value' };
}

export const ordererBlockCase: CaseGenerator = (rand, ctx, snap) => {
  const blocks = ctx.capture.blocks;
  const channel = rand.chance(0.75) ? ctx.capture.channel : rand.pick(['otherchannel', '', oddString(rand)]);
  const real = blocks.length > 0 ? rand.pick(blocks) : undefined;
  // The seq the stream claims: the block's own, another height, or an impossible one.
  const seq = real !== undefined && rand.chance(0.5) ? real.seq : rand.pick([0, 1, 2, 3, 4, blocks.length, oddNumber(rand)]);
  const made = blockFor(rand, ctx, real);
  const input: HostInput = { kind: 'ordererBlock', nowMs: clockOf(rand, snap), channel, seq, block: made.block };
  return { family: 'ordererBlock', detail: `${channel} seq ${seq}: ${made.label}`, inputs: [input] };
};

export const ordererGaveUpCase: CaseGenerator = (rand, ctx, snap) => {
  const channel = rand.chance(0.2) ? ctx.capture.channel : rand.pick(['otherchannel', '', oddString(rand)]);
  return { family: 'ordererGaveUp', detail: channel, inputs: [{ kind: 'ordererGaveUp', nowMs: clockOf(rand, snap), channel }] };
};

/** A `ledgerRead` answer ([GEN-ASM-LEDGER-READ.1]): the peer emits no readLedger, so every one is unexpected. */
export const ledgerReadCase: CaseGenerator = (rand, ctx, snap) => {
  const channel = rand.chance(0.6) ? ctx.capture.channel : rand.pick(['otherchannel', '', oddString(rand)]);
  const correlation = rand.pick([0, 1, 2, 3, -1, 0.5, Number.NaN, 1e9, oddNumber(rand)]);
  const blocks = ctx.capture.blocks;
  const count = rand.int(0, 3);
  const items: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const real = blocks.length > 0 ? rand.pick(blocks) : undefined;
    const made = blockFor(rand, ctx, real);
    items.push({ seq: real !== undefined && rand.chance(0.7) ? real.seq : oddNumber(rand), block: made.block });
  }
  const shape = rand.int(0, 9);
  const list = shape === 0 ? junk(rand) : items;
  const input = { kind: 'ledgerRead', nowMs: clockOf(rand, snap), channel, correlation, blocks: list } as HostInput;
  return { family: 'ledgerRead', detail: `${channel} correlation ${correlation}: ${count} blocks${shape === 0 ? ' (junk list)' : ''}`, inputs: [input] };
};
