/**
 * [SIM-FUNC-BYZANTINE-ATTACKS.1] One hostile message family per attack kind, each drawn from the
 * Byzantine peer's PRNG: what it replays, whom it claims to be, whom it sends to. Mutations,
 * re-signing, odd values and malformed shapes come from the fuzz tools and the message
 * arbitraries, not from new generators.
 */
import { makeIdentity, nextNonce, type PeerTime } from '../../core';
import { malformedEnvelope } from '../../messages/arbitraries';
import type { Content, Envelope, Tag } from '../../messages';
import { mutate, type MutationPool } from '../../messages/mutation/mutate';
import { pathsOf, setAt } from '../../messages/mutation/paths';
import { draw } from '../../messages/mutation/rand';
import { resign } from '../../messages/mutation/resign';
import { junk, OVERSIZE_ARRAY_LENGTH, OVERSIZE_STRING } from '../../messages/mutation/values';
import type { PeerSpec } from '../world';
import {
  aliveEnvelope,
  blockEnvelope,
  claimOf,
  forgedBlock,
  leadershipEnvelope,
  memReqEnvelope,
  ownIncNum,
  pullEnvelope,
  seenBlocks,
  seenOfCase,
  type AttackContext,
  type Claim,
} from './forge';
import { randFrom, type Rand } from './rand';
import type { AttackKind, ByzantineState } from './types';

/** One hostile message and whom it goes to. */
export interface Hostile {
  readonly kind: AttackKind;
  readonly to: PeerSpec;
  readonly payload: unknown;
}

const UINT64_MAX = (1n << 64n) - 1n;
// Built on first use: building it makes fast-check tabulate every code point (about 80 MiB of heap),
// which every process that imports the simulator would otherwise carry from the start.
let malformedArb: ReturnType<typeof malformedEnvelope> | undefined;

interface Draw<S> {
  readonly rand: Rand;
  readonly st: ByzantineState<S>;
  readonly ctx: AttackContext;
  readonly target: PeerSpec | undefined;
  nonce(): bigint;
}

const anyone = <S>(d: Draw<S>, keep: (p: PeerSpec) => boolean = () => true): PeerSpec => {
  if (d.target !== undefined) return d.target;
  const pool = d.ctx.others.filter(keep);
  return d.rand.pick(pool.length > 0 ? pool : d.ctx.others);
};
const sameOrg = <S>(d: Draw<S>) => (p: PeerSpec) => p.org === d.ctx.self.org;
const otherOrg = <S>(d: Draw<S>) => (p: PeerSpec) => p.org !== d.ctx.self.org;
const channel = <S>(d: Draw<S>): string => d.rand.pick(d.ctx.channels);
const ownTs = <S>(d: Draw<S>, seq: bigint): PeerTime => ({ incNum: ownIncNum(d.st.startMs), seqNum: seq });
const ownClaim = <S>(d: Draw<S>): Claim => claimOf(d.ctx.self);
const others = <S>(d: Draw<S>, envs: readonly Envelope[]): Envelope[] =>
  envs.filter((e) => e.payload.content.$case !== 'aliveMsg' || e.payload.content.aliveMsg.membership.pkiId !== d.ctx.self.pkiId);

function pool<S>(d: Draw<S>): MutationPool {
  const specs = [d.ctx.self, ...d.ctx.others];
  const signatures = d.st.seen.slice(-8).map((p) => { const s = (p as { signature?: unknown }).signature; return typeof s === 'string' ? s : ''; });
  return {
    pkiIds: [...specs.map((s) => s.pkiId), `ghost-${d.ctx.self.name}`],
    identities: specs.map((s) => s.identity),
    endpoints: specs.flatMap((s) => [s.internalEndpoint, s.externalEndpoint]),
    channels: [...d.ctx.channels, ''],
    signatures: signatures.length > 0 ? signatures : ['sym:0'],
  };
}

/** The fuzz re-signer over the Byzantine peer's own key: it has no other ([GEN-ASM-BYZANTINE-NO-FORGERY.1]). */
function resignAsSelf<S>(d: Draw<S>, v: unknown): unknown {
  return resign(d.ctx.suite, v, () => d.ctx.key);
}

const one = <S>(d: Draw<S>, kind: AttackKind, to: PeerSpec, payload: unknown): Hostile[] => [{ kind, to, payload }];

const ATTACKS: { readonly [K in AttackKind]: <S>(d: Draw<S>) => Hostile[] } = {
  replay: (d) => {
    if (d.st.seen.length === 0) return ATTACKS.staleAlive(d).map((h) => ({ ...h, kind: 'replay' }));
    // Anything seen, to anyone: across orgs and channels too.
    return one(d, 'replay', anyone(d), d.rand.pick(d.st.seen));
  },
  staleAlive: (d) => {
    const replayable = others(d, seenOfCase(d.st.seen, 'aliveMsg'));
    if (replayable.length > 0 && d.rand.chance(0.5)) return one(d, 'staleAlive', anyone(d), d.rand.pick(replayable));
    const inc = ownIncNum(d.st.startMs);
    const ts = d.rand.pick<PeerTime>([ownTs(d, 0n), { incNum: inc > 0n ? inc - 1n : 0n, seqNum: 1_000_000n }, { incNum: 0n, seqNum: 0n }]);
    return one(d, 'staleAlive', anyone(d), aliveEnvelope(d.ctx, ownClaim(d), ts, 'self'));
  },
  futureAlive: (d) => {
    const replayable = others(d, seenOfCase(d.st.seen, 'aliveMsg'));
    if (replayable.length > 0 && d.rand.chance(0.5)) {
      // Another peer's alive message moved into the future: its signature no longer covers it.
      const env = d.rand.pick(replayable);
      return one(d, 'futureAlive', anyone(d), setAt(env, ['payload', 'content', 'aliveMsg', 'timestamp', 'seqNum'], UINT64_MAX));
    }
    const inc = ownIncNum(d.st.startMs);
    const ts = d.rand.pick<PeerTime>([ownTs(d, 1n << 62n), { incNum: inc + 3_600_000_000_000n, seqNum: 0n }, { incNum: UINT64_MAX, seqNum: UINT64_MAX }]);
    return one(d, 'futureAlive', anyone(d), aliveEnvelope(d.ctx, ownClaim(d), ts, 'self'));
  },
  forgedName: (d) => {
    // Another peer's PKI-ID (and identity) in the payload; the signature can only be ours.
    const victim = d.rand.pick(d.ctx.others);
    const claim: Claim = d.rand.chance(0.5) ? claimOf(victim) : { ...claimOf(victim), identity: d.ctx.self.identity };
    const ts: PeerTime = { incNum: ownIncNum(d.st.startMs), seqNum: 1n << 40n };
    return one(d, 'forgedName', anyone(d, (p) => p.pkiId !== victim.pkiId), aliveEnvelope(d.ctx, claim, ts, 'self'));
  },
  garbageSignature: (d) => {
    const claim = d.rand.chance(0.5) ? claimOf(d.rand.pick(d.ctx.others)) : ownClaim(d);
    const ts: PeerTime = { incNum: ownIncNum(d.st.startMs), seqNum: 1n << 41n };
    if (d.rand.chance(0.5)) return one(d, 'garbageSignature', anyone(d), aliveEnvelope(d.ctx, claim, ts, 'garbage'));
    return one(d, 'garbageSignature', anyone(d), leadershipEnvelope(d.ctx, channel(d), claim.pkiId, ts, true, 'garbage'));
  },
  spoofedMemReq: (d) => {
    // A membership request whose self-information is another peer's alive message (replayed, or claimed and signed by us).
    const victim = d.rand.pick(d.ctx.others);
    const theirs = seenOfCase(d.st.seen, 'aliveMsg').filter((e) => e.payload.content.$case === 'aliveMsg' && e.payload.content.aliveMsg.membership.pkiId === victim.pkiId);
    const selfInfo = theirs.length > 0 && d.rand.chance(0.7) ? d.rand.pick(theirs) : aliveEnvelope(d.ctx, claimOf(victim), ownTs(d, 1n << 42n), 'self');
    return one(d, 'spoofedMemReq', anyone(d, (p) => p.pkiId !== victim.pkiId), memReqEnvelope(selfInfo, d.nonce() | 1n));
  },
  foreignLeadership: (d) => {
    // To a peer of another org: leadership claiming ourselves (validly signed) or one of its org mates.
    const to = anyone(d, otherOrg(d));
    const creator = d.rand.chance(0.5) ? d.ctx.self.pkiId : d.rand.pick(d.ctx.others.filter((p) => p.org === to.org && p.pkiId !== to.pkiId).map((p) => p.pkiId).concat([to.pkiId]));
    return one(d, 'foreignLeadership', to, leadershipEnvelope(d.ctx, channel(d), creator, ownTs(d, 1n << 43n), true, 'self'));
  },
  leadershipForOther: (d) => {
    // To an org mate: leadership claiming another peer (of our org, of another org, or made up), or a replayed one.
    const to = anyone(d, sameOrg(d));
    const replayable = seenOfCase(d.st.seen, 'leadershipMsg');
    if (replayable.length > 0 && d.rand.chance(0.3)) return one(d, 'leadershipForOther', to, d.rand.pick(replayable));
    const creators = [...d.ctx.others.filter((p) => p.pkiId !== to.pkiId).map((p) => p.pkiId), `ghost-${d.ctx.self.name}-${d.st.fresh}`];
    return one(d, 'leadershipForOther', to, leadershipEnvelope(d.ctx, channel(d), d.rand.pick(creators), ownTs(d, 1n << 44n), true, 'self'));
  },
  foreignChannelBlock: (d) => {
    // A block for a channel the target has not joined (or our org is not in), forged or replayed under that name.
    const ch = d.rand.pick([...d.ctx.channels.filter((c) => c !== d.ctx.channels[0]), `byzantine-${d.ctx.self.name}`]);
    const real = seenBlocks(d.st.seen);
    const block = real.length > 0 && d.rand.chance(0.5) ? d.rand.pick(real).block : forgedBlock(d.ctx, ch, d.rand.int(0, 5), '', d.ctx.self.identity);
    return one(d, 'foreignChannelBlock', anyone(d), blockEnvelope(ch, block.header.number, block));
  },
  badOrdererBlock: (d) => {
    const real = seenBlocks(d.st.seen);
    const ch = real.length > 0 ? d.rand.pick(real).channel : channel(d);
    const orderer = real.length > 0 ? String(d.rand.pick(real).block.metadata.signatures[0]?.identity ?? '') : d.ctx.self.identity;
    const next = real.length > 0 ? Math.max(...real.map((b) => b.seqNum)) + d.rand.int(0, 2) : d.rand.int(0, 3);
    const block = forgedBlock(d.ctx, ch, next, '', orderer);
    return one(d, 'badOrdererBlock', anyone(d), blockEnvelope(ch, next, block));
  },
  wrongSeqBlock: (d) => {
    const real = seenBlocks(d.st.seen);
    if (real.length === 0) {
      const ch = channel(d);
      const block = forgedBlock(d.ctx, ch, 1, '', d.ctx.self.identity);
      return one(d, 'wrongSeqBlock', anyone(d), blockEnvelope(ch, 2, block));
    }
    // A real block under a seq it does not have (VerifyBlock: claimed seq == header number).
    const b = d.rand.pick(real);
    const seq = b.block.header.number + d.rand.pick([1, 2, 7]);
    return one(d, 'wrongSeqBlock', anyone(d), blockEnvelope(b.channel, seq, b.block));
  },
  illegalTag: (d) => {
    const tag = d.rand.pick<Tag>(['CHAN_AND_ORG', 'ORG_ONLY', 'CHAN_ONLY', 'CHAN_OR_ORG', 'UNDEFINED']);
    const alive = aliveEnvelope(d.ctx, ownClaim(d), ownTs(d, 1n), 'self');
    return one(d, 'illegalTag', anyone(d), resignAsSelf(d, setAt(alive, ['payload', 'tag'], tag)));
  },
  unsolicitedPull: (d) => {
    const ch = channel(d);
    const nonce = d.nonce();
    const digests = ['0', '1', '2', '3', '99', 'x'];
    const forged = forgedBlock(d.ctx, ch, d.rand.int(0, 4), '', d.ctx.self.identity);
    const contents: Content[] = [
      { $case: 'dataDig', dataDig: { nonce, digests, msgType: 'BLOCK_MSG' } },
      { $case: 'dataUpdate', dataUpdate: { nonce, data: [blockEnvelope(ch, forged.header.number, forged)], msgType: 'BLOCK_MSG' } },
      { $case: 'dataReq', dataReq: { nonce, digests, msgType: 'BLOCK_MSG' } },
      { $case: 'hello', hello: { nonce, metadata: '', msgType: 'BLOCK_MSG' } },
    ] as Content[];
    return one(d, 'unsolicitedPull', anyone(d), pullEnvelope(ch, d.rand.pick(contents)));
  },
  malformed: (d) => one(d, 'malformed', anyone(d), d.rand.chance(0.6) ? draw(d.rand, (malformedArb ??= malformedEnvelope())).value : junk(d.rand)),
  oversized: (d) => {
    const to = anyone(d);
    switch (d.rand.int(0, 3)) {
      case 0:
        return one(d, 'oversized', to, aliveEnvelope(d.ctx, ownClaim(d), ownTs(d, 2n), 'self', OVERSIZE_STRING));
      case 1:
        return one(d, 'oversized', to, memReqEnvelope(aliveEnvelope(d.ctx, ownClaim(d), ownTs(d, 3n), 'self'), d.nonce() | 1n, Array.from({ length: OVERSIZE_ARRAY_LENGTH }, (_, i) => `ghost-${i}`)));
      case 2: {
        const digests = Array.from({ length: OVERSIZE_ARRAY_LENGTH }, (_, i) => String(i));
        return one(d, 'oversized', to, pullEnvelope(channel(d), { $case: 'dataDig', dataDig: { nonce: d.nonce(), digests, msgType: 'BLOCK_MSG' } } as Content));
      }
      default: {
        const base = d.st.seen.length > 0 ? d.rand.pick(d.st.seen) : aliveEnvelope(d.ctx, ownClaim(d), ownTs(d, 4n), 'self');
        const strings = pathsOf(base).filter(([, v]) => typeof v === 'string');
        return one(d, 'oversized', to, strings.length === 0 ? base : setAt(base, d.rand.pick(strings)[0], OVERSIZE_STRING));
      }
    }
  },
  mutated: (d) => {
    const base = d.st.seen.length > 0 ? d.rand.pick(d.st.seen) : aliveEnvelope(d.ctx, ownClaim(d), ownTs(d, 5n), 'self');
    const m = mutate(d.rand, base, pool(d));
    return one(d, 'mutated', anyone(d), d.rand.chance(0.4) ? resignAsSelf(d, m.value) : m.value);
  },
  aliveFlood: (d) => {
    // Fresh made-up PKI-IDs, identities nobody enrolled and endpoints nobody owns.
    const to = anyone(d);
    return Array.from({ length: d.ctx.floodSize }, (_, i) => {
      const n = d.st.fresh + i;
      const name = `ghost-${d.ctx.self.name}-${n}`;
      const claim: Claim = { pkiId: name, identity: makeIdentity(d.ctx.self.org, name), endpoint: `${name}:7051`, internalEndpoint: `${name}.internal:7051` };
      return { kind: 'aliveFlood' as const, to, payload: aliveEnvelope(d.ctx, claim, { incNum: ownIncNum(d.st.startMs), seqNum: BigInt(n + 1) }, d.rand.chance(0.8) ? 'self' : 'garbage') };
    });
  },
};

/** Run one attack: the hostile messages, and the state with its PRNG advanced and its counters up. */
export function attack<S>(kind: AttackKind, st: ByzantineState<S>, ctx: AttackContext, target?: PeerSpec): [ByzantineState<S>, Hostile[]] {
  if (ctx.others.length === 0) return [st, []];
  const [rand, afterRand] = randFrom(st.prng);
  let prng = afterRand;
  const d: Draw<S> = {
    rand,
    st,
    ctx,
    target,
    nonce: () => {
      const [n, p] = nextNonce(prng);
      prng = p;
      return n;
    },
  };
  const out = ATTACKS[kind](d);
  const sent = { ...st.sent, [kind]: (st.sent[kind] ?? 0) + out.length };
  const fresh = kind === 'aliveFlood' ? st.fresh + out.length : kind === 'leadershipForOther' ? st.fresh + 1 : st.fresh;
  return [{ ...st, prng, sent, fresh }, out];
}
