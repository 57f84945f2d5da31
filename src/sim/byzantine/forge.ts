/**
 * Building hostile gossip messages. A Byzantine peer signs only with its own key
 * ([GEN-ASM-BYZANTINE-NO-FORGERY.1]): a message "in another peer's name" carries the other PKI-ID
 * in its payload and the Byzantine peer's signature (or garbage); it never holds another key.
 */
import { canonicalEncode, nanosFromMs, type CryptoSuite, type PeerTime, type SigningKey } from '../../core';
import { blockDataHash, dataEnvelope } from '../../dissemination';
import { payloadSignature, secretSignature, signBlock, type Block, type Content, type Envelope, type Tag } from '../../messages';
import type { PeerSpec } from '../world';

/** What the attacks know: who they are, their own key, the network, the channels. */
export interface AttackContext {
  readonly self: PeerSpec;
  readonly key: SigningKey;
  readonly suite: CryptoSuite;
  /** Every other peer of the world. */
  readonly others: readonly PeerSpec[];
  readonly channels: readonly string[];
  readonly floodSize: number;
}

/** A claim to be some peer: the fields an alive message names. */
export interface Claim {
  readonly pkiId: string;
  readonly identity: string;
  readonly endpoint: string;
  readonly internalEndpoint?: string;
}

export type Signer = 'self' | 'garbage';

export const claimOf = (spec: PeerSpec): Claim => ({ pkiId: spec.pkiId, identity: spec.identity, endpoint: spec.externalEndpoint, internalEndpoint: spec.internalEndpoint });

/** Its own PeerTime base: the same incNum the honest peer it runs would stamp. */
export const ownIncNum = (startMs: number): bigint => nanosFromMs(startMs);

/** Garbage looks like a symbolic signature of the value, and is no one's. */
const garbage = (ctx: AttackContext, value: unknown): string => `sym:${ctx.suite.hash(canonicalEncode(value)).slice(0, 16)}`;

/**
 * A signed envelope of `content` (the secret envelope, when given, signed by the same signer). Its
 * own signatures cover what every peer signs ([MSG-FUNC-SIGNED-BYTES.1]): the marshalled payload and Secret.
 */
export function envelope(ctx: AttackContext, signer: Signer, channel: string, tag: Tag, content: Content, nonce = 0n, internalEndpoint?: string): Envelope {
  const payload = { nonce, channel, tag, content };
  const signed = { payload, signature: signer === 'garbage' ? garbage(ctx, payload) : payloadSignature(ctx.suite, ctx.key, payload) };
  if (internalEndpoint === undefined) return signed;
  const secret = { internalEndpoint };
  return { ...signed, secretEnvelope: { payload: secret, signature: signer === 'garbage' ? garbage(ctx, secret) : secretSignature(ctx.suite, ctx.key, secret) } };
}

export function aliveEnvelope(ctx: AttackContext, claim: Claim, ts: PeerTime, signer: Signer, metadata = ''): Envelope {
  const content: Content = {
    $case: 'aliveMsg',
    aliveMsg: { membership: { endpoint: claim.endpoint, metadata, pkiId: claim.pkiId }, timestamp: ts, identity: claim.identity },
  };
  return envelope(ctx, signer, '', 'EMPTY', content, 0n, claim.internalEndpoint);
}

export function leadershipEnvelope(ctx: AttackContext, channel: string, creator: string, ts: PeerTime, isDeclaration: boolean, signer: Signer): Envelope {
  return envelope(ctx, signer, channel, 'CHAN_AND_ORG', { $case: 'leadershipMsg', leadershipMsg: { pkiId: creator, timestamp: ts, isDeclaration } });
}

/** A membership request carrying `selfInformation` (another peer's alive message, when spoofing). Point-to-point: unsigned. */
export function memReqEnvelope(selfInformation: Envelope, nonce: bigint, known: readonly string[] = []): Envelope {
  const content = { $case: 'memReq', memReq: { selfInformation, known } } as Content;
  return { payload: { nonce, channel: '', tag: 'EMPTY', content }, signature: '' };
}

/** A block in the shape VerifyBlock checks; `ordererSignature` decides whether it can verify at all. */
export function forgedBlock(ctx: AttackContext, channel: string, number: number, previousHash: string, ordererIdentity: string): Block {
  const data = [`byzantine-tx-${ctx.self.name}-${channel}-${number}`];
  const header = { number, previousHash, dataHash: blockDataHash(ctx.suite, data), channelId: channel };
  // Signed over what the orderer's signature covers, by a key that claims the orderer's identity but
  // holds the Byzantine peer's own secret: it cannot verify.
  const signature = signBlock(ctx.suite, { identity: ordererIdentity, secret: ctx.key.secret }, { header, data });
  return { header, data, metadata: { signatures: [{ identity: ordererIdentity, signature }] } };
}

export function blockEnvelope(channel: string, seqNum: number, block: Block): Envelope {
  return dataEnvelope(channel, seqNum, block) as Envelope;
}

export function pullEnvelope(channel: string, content: Content): Envelope {
  return { payload: { nonce: 0n, channel, tag: 'CHAN_AND_ORG', content }, signature: '' };
}

/** The blocks among received payloads (pushed data messages), as the orderer cut them. */
export function seenBlocks(seen: readonly unknown[]): { channel: string; seqNum: number; block: Block }[] {
  const out: { channel: string; seqNum: number; block: Block }[] = [];
  for (const p of seen) {
    const env = p as Partial<Envelope> | null;
    const c = env?.payload?.content;
    // `seen` holds only envelopes that decoded (seen.ts), so the fields are there.
    if (c?.$case === 'dataMsg') out.push({ channel: env?.payload?.channel ?? '', seqNum: c.dataMsg.payload.seqNum, block: c.dataMsg.payload.data });
  }
  return out;
}

/** Received payloads whose content is `kind` (alive, leadership, ...). */
export function seenOfCase(seen: readonly unknown[], kind: string): Envelope[] {
  return seen.filter((p): p is Envelope => (p as Partial<Envelope> | null)?.payload?.content?.$case === kind);
}
