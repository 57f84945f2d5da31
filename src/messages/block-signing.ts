/**
 * What an orderer's signature on a block covers ([MSG-FUNC-BLOCK-SIGNED-BYTES.1]), as Fabric's
 * protoutil.BlockSignatureVerifier assembles it: Metadata.value ‖ MetadataSignature.signature_header
 * ‖ BlockHeaderBytes(header). BlockHeaderBytes is the DER of SEQUENCE { INTEGER number, OCTET STRING
 * previous_hash, OCTET STRING data_hash } (protoutil/blockutils.go); the signature header is the
 * SignatureHeader{creator} src/wire writes. The model keeps neither a metadata value nor a nonce, so
 * both are empty, as in a block whose orderer set none.
 *
 * Fabric's header does not hold the channel: a block is bound to its channel by its first
 * transaction, which the data hash covers. The simulator's blocks carry opaque strings as
 * transactions, so for a block whose first transaction does not carry `header.channelId` the
 * signature covers a model-only form instead, 0xFF ‖ the canonical JSON of {creator, header}, which
 * binds the channel (and no protobuf or DER byte string starts with 0xFF).
 */
import { canonicalEncode } from '../core/encoding';
import type { CryptoSuite, SigningKey } from '../core/crypto/suite';
import type { Block } from './block';
import { concatBytes, latin1Bytes, utf8Bytes } from './proto/bytes';
import { channelOfTransaction, signatureHeaderBytes } from './proto/marshal';

type SignedParts = Pick<Block, 'header' | 'data'>;

/** The bytes of a model byte string; undefined for anything else (a mutated header may hold any value). */
const byteString = (v: unknown): Uint8Array | undefined => (typeof v === 'string' ? latin1Bytes(v) : undefined);

/** A DER length: short form below 128, else 0x80 | n followed by n big-endian bytes. */
function derLength(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v % 256);
  return [0x80 | out.length, ...out];
}

const derTlv = (tag: number, content: Uint8Array): Uint8Array => concatBytes([Uint8Array.from([tag, ...derLength(content.length)]), content]);

/** A non-negative INTEGER's content: minimal big-endian two's complement (a leading 0x00 when the top bit is set). */
function derUnsigned(n: number): Uint8Array {
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v % 256);
  if (out.length === 0 || (out[0] as number) >= 0x80) out.unshift(0);
  return Uint8Array.from(out);
}

/** [MSG-FUNC-BLOCK-SIGNED-BYTES.1] protoutil.BlockHeaderBytes of the model header, or undefined when a hash is not a byte string. */
export function blockHeaderBytes(header: Block['header']): Uint8Array | undefined {
  const previousHash = byteString(header.previousHash);
  const dataHash = byteString(header.dataHash);
  if (previousHash === undefined || dataHash === undefined || !Number.isSafeInteger(header.number) || header.number < 0) return undefined;
  return derTlv(0x30, concatBytes([derTlv(0x02, derUnsigned(header.number)), derTlv(0x04, previousHash), derTlv(0x04, dataHash)]));
}

/** Fabric's layout, when the block carries its channel as Fabric's blocks do and every part is a byte string. */
function fabricLayout(creator: string, block: SignedParts): Uint8Array | undefined {
  if (block.header === null || typeof block.header !== 'object') return undefined;
  const first = Array.isArray(block.data) ? byteString(block.data[0]) : undefined;
  if (first === undefined || channelOfTransaction(first) !== block.header.channelId) return undefined;
  const creatorBytes = byteString(creator);
  const header = blockHeaderBytes(block.header);
  return creatorBytes === undefined || header === undefined ? undefined : concatBytes([signatureHeaderBytes(creatorBytes), header]);
}

function modelOnlyLayout(creator: string, block: SignedParts): Uint8Array | undefined {
  try {
    const text = utf8Bytes(canonicalEncode({ creator, header: block.header }));
    return text === undefined ? undefined : concatBytes([Uint8Array.of(0xff), text]);
  } catch {
    return undefined; // a header that is not a value (cyclic junk): nothing is signed over it
  }
}

/**
 * [MSG-FUNC-BLOCK-SIGNED-BYTES.1] The bytes `creator`'s signature on this block covers; undefined
 * only for a header that is no value at all.
 */
export function blockSignedBytes(creator: string, block: SignedParts): Uint8Array | undefined {
  return fabricLayout(creator, block) ?? modelOnlyLayout(creator, block);
}

/** [MSG-FUNC-BLOCK-SIGNED-BYTES.1] The orderer's signature on a block (header and data final), '' when nothing can be signed. */
export function signBlock(suite: Pick<CryptoSuite, 'sign'>, key: SigningKey, block: SignedParts): string {
  const bytes = blockSignedBytes(key.identity, block);
  return bytes === undefined ? '' : suite.sign(key, bytes);
}

/** [MSG-FUNC-BLOCK-SIGNED-BYTES.1] Whether `signature` is `identity`'s signature on this block. */
export function blockSignatureVerifies(suite: Pick<CryptoSuite, 'verify'>, identity: string, signature: string, block: SignedParts): boolean {
  const bytes = blockSignedBytes(identity, block);
  return bytes !== undefined && signature !== '' && suite.verify(identity, bytes, signature);
}
