/**
 * Signing and verifying envelopes (Fabric's SignedGossipMessage.Sign / Verify, protoext.SignSecret,
 * NoopSign): a signature covers the marshalled GossipMessage, the bytes Fabric's Envelope.payload
 * holds. A signer signs the deterministic encoding of its payload (Go's field order); a receiver
 * verifies the bytes it received, which an envelope decoded from the wire carries when they are not
 * that encoding ([MSG-FUNC-RECEIVED-BYTES.1]). Point-to-point messages are "NoopSigned": empty signature.
 */
import { canonicalEncode } from '../core/encoding';
import type { CryptoSuite, SigningKey } from '../core/crypto/suite';
import type { SecretEnvelope } from './envelope';
import type { Envelope, GossipMessage } from './gossip-message';
import { concatBytes, latin1Bytes, utf8Bytes } from './proto/bytes';
import { marshalGossipMessage, marshalSecret, payloadBytesSay, secretBytesSay } from './proto/marshal';

type Suite = Pick<CryptoSuite, 'name'>;

/** Marks bytes no protobuf encoding can start with: a tag's first byte never has all of 0xFF's bits. */
const MODEL_ONLY_MARKER = 0xff;

/**
 * [MSG-FUNC-MODEL-ONLY-SIGNING.1] In the symbolic suite a value with no wire form (a wide code unit
 * in a bytes field, a block that does not carry its channel) is signed over 0xFF ‖ its canonical
 * JSON, so that the simulator signs every model value; no other suite signs such a value.
 */
function modelOnlyBytes(suite: Suite, value: unknown): Uint8Array | undefined {
  if (suite.name !== 'symbolic') return undefined;
  let text: string | undefined;
  try {
    text = canonicalEncode(value) as string | undefined;
  } catch {
    return undefined; // a cyclic junk value: nothing to sign
  }
  const utf8 = text === undefined ? undefined : utf8Bytes(text);
  return utf8 === undefined ? undefined : concatBytes([Uint8Array.of(MODEL_ONLY_MARKER), utf8]);
}

/**
 * A payload object's deterministic encoding, worked out once: the signer marshals the payload it
 * signs, and its first verifier (and, in a handshake, Fabric's Auth.SignedData) marshal the same
 * object again. Payloads are immutable values, as verifyEnvelope's verdicts assume too; the bytes
 * are shared, so no caller may write to them (signing and verifying only read). `null`: the payload
 * has no wire form. The weak key lets a dropped payload's bytes go.
 */
const marshalledByPayload = new WeakMap<object, Uint8Array | null>();
function marshalledPayload(payload: unknown): Uint8Array | undefined {
  if (typeof payload !== 'object' || payload === null) return marshalGossipMessage(payload);
  const known = marshalledByPayload.get(payload);
  if (known !== undefined) return known ?? undefined;
  const bytes = marshalGossipMessage(payload);
  marshalledByPayload.set(payload, bytes ?? null);
  return bytes;
}

/** [MSG-FUNC-SIGNED-BYTES.1] What a signer signs for `payload`: its deterministic encoding (or the model-only form). */
const payloadSignedBytes = (suite: Suite, payload: unknown): Uint8Array | undefined => marshalledPayload(payload) ?? modelOnlyBytes(suite, payload);
const secretSignedBytes = (suite: Suite, secret: unknown): Uint8Array | undefined => marshalSecret(secret) ?? modelOnlyBytes(suite, secret);

/**
 * [MSG-FUNC-RECEIVED-BYTES.1] Carried bytes stand only for the payload they say: if they are not a
 * non-empty Latin-1 byte string that parses to exactly `payload`, nothing is signed over them.
 */
function carriedBytes(carried: string, says: (bytes: Uint8Array) => boolean): Uint8Array | undefined {
  const bytes = latin1Bytes(carried);
  return bytes !== undefined && bytes.length > 0 && says(bytes) ? bytes : undefined;
}

/**
 * [MSG-FUNC-SIGNED-BYTES.1] [MSG-FUNC-RECEIVED-BYTES.1] The bytes an envelope's signature covers:
 * the payload bytes it carries (as received), else the deterministic encoding of its payload;
 * undefined when there are none (carried bytes that do not say the payload, no wire form).
 */
export function signedBytesOf(suite: Suite, env: { readonly payload: unknown; readonly payloadBytes?: string }): Uint8Array | undefined {
  if (env.payloadBytes === undefined) return payloadSignedBytes(suite, env.payload);
  return carriedBytes(env.payloadBytes, (bytes) => payloadBytesSay(bytes, env.payload));
}

/** The bytes a secret envelope's signature covers, as signedBytesOf for its Secret. */
export function secretSignedBytesOf(suite: Suite, secret: { readonly payload: unknown; readonly payloadBytes?: string }): Uint8Array | undefined {
  if (secret.payloadBytes === undefined) return secretSignedBytes(suite, secret.payload);
  return carriedBytes(secret.payloadBytes, (bytes) => secretBytesSay(bytes, secret.payload));
}

const signOver = (suite: Pick<CryptoSuite, 'sign'>, key: SigningKey, bytes: Uint8Array | undefined): string => (bytes === undefined ? '' : suite.sign(key, bytes));

/**
 * [MSG-FUNC-SIGNED-BYTES.1] A signature over a payload's signed bytes, or '' (unsigned) when it has
 * none: Fabric's Sign fails when marshalling fails, and nothing signed is sent.
 */
export const payloadSignature = (suite: Pick<CryptoSuite, 'name' | 'sign'>, key: SigningKey, payload: unknown): string => signOver(suite, key, payloadSignedBytes(suite, payload));

/** [MSG-FUNC-SECRET-ENVELOPE.1] A signature over a Secret's signed bytes (protoext.SignSecret), or ''. */
export const secretSignature = (suite: Pick<CryptoSuite, 'name' | 'sign'>, key: SigningKey, secret: unknown): string => signOver(suite, key, secretSignedBytes(suite, secret));

/**
 * [MSG-MSG-ENVELOPE.2] Sign the payload's deterministic encoding; [MSG-FUNC-SECRET-ENVELOPE.1] with an
 * internal endpoint, add a secret envelope signed by the same key. The envelope carries no bytes:
 * they are a function of its payload.
 */
export function signMessage<M extends GossipMessage>(
  suite: Pick<CryptoSuite, 'name' | 'sign'>,
  key: SigningKey,
  payload: M,
  internalEndpoint?: string,
): Omit<Envelope, 'payload'> & { payload: M } {
  const signature = payloadSignature(suite, key, payload);
  if (internalEndpoint === undefined) return { payload, signature };
  const secret = { internalEndpoint };
  const secretEnvelope: SecretEnvelope = { payload: secret, signature: secretSignature(suite, key, secret) };
  return { payload, signature, secretEnvelope };
}

/** [MSG-FUNC-NOOP-SIGN.1] Point-to-point messages: an empty signature, which verifyEnvelope never accepts. */
export function noopSign<M extends GossipMessage>(payload: M): Omit<Envelope, 'payload'> & { payload: M } {
  return { payload, signature: '' };
}

/**
 * [MSG-FUNC-ENVELOPE-VERIFY.2] A non-empty signature by `identity` over the envelope's signed bytes
 * (the received ones when it carries them); a secret envelope, when present, must also carry a
 * non-empty signature by the same identity over its own signed bytes.
 */
export function verifyEnvelope(
  suite: Pick<CryptoSuite, 'name' | 'verify'>,
  identity: string,
  env: Pick<Envelope, 'payload' | 'signature' | 'secretEnvelope' | 'payloadBytes'>,
): boolean {
  const known = verdictsByEnvelope.get(env);
  const seen = known?.find((v) => v.suite === suite && v.identity === identity && v.payload === env.payload && v.signature === env.signature && v.payloadBytes === env.payloadBytes && v.secretEnvelope === env.secretEnvelope);
  if (seen !== undefined) return seen.ok;
  const ok = verifiedNow(suite, identity, env);
  const verdict: Verdict = { suite, identity, payload: env.payload, signature: env.signature, payloadBytes: env.payloadBytes, secretEnvelope: env.secretEnvelope, ok };
  if (known === undefined) verdictsByEnvelope.set(env, [verdict]);
  else if (known.length < MAX_VERDICTS_PER_ENVELOPE) known.push(verdict);
  return ok;
}

/**
 * One broadcast envelope reaches every receiver as the same immutable object, and each of them, and
 * the channel's guards, verify it: the verdict is a pure function of the suite, the identity and
 * the envelope's parts, so it is worked out once and looked up after (the bytes marshalled and the
 * signature checked once, not once per receiver). The parts are compared too, so a value changed
 * in place (which no reducer does) is verified afresh; the weak key lets a dropped envelope's
 * verdicts go.
 */
interface Verdict {
  readonly suite: object;
  readonly identity: string;
  readonly payload: unknown;
  readonly signature: string;
  readonly payloadBytes: string | undefined;
  readonly secretEnvelope: unknown;
  readonly ok: boolean;
}
const verdictsByEnvelope = new WeakMap<object, Verdict[]>();
/** An envelope is verified against one identity, or a handful (a test forging one); more are not kept. */
const MAX_VERDICTS_PER_ENVELOPE = 4;

function verifiedNow(
  suite: Pick<CryptoSuite, 'name' | 'verify'>,
  identity: string,
  env: Pick<Envelope, 'payload' | 'signature' | 'secretEnvelope' | 'payloadBytes'>,
): boolean {
  if (env.signature === '') return false;
  const signed = signedBytesOf(suite, env);
  if (signed === undefined || !suite.verify(identity, signed, env.signature)) return false;
  const secret = env.secretEnvelope;
  if (secret === undefined) return true;
  if (secret.signature === '') return false;
  const secretSigned = secretSignedBytesOf(suite, secret);
  return secretSigned !== undefined && suite.verify(identity, secretSigned, secret.signature);
}

/** [MSG-FUNC-SECRET-ENVELOPE.1] Remove the secret envelope (the internal endpoint never leaves the org). */
export function withoutSecret<E extends { secretEnvelope?: SecretEnvelope }>(env: E): Omit<E, 'secretEnvelope'> {
  if (env.secretEnvelope === undefined) return env;
  const known = strippedByEnvelope.get(env);
  if (known !== undefined) return known as Omit<E, 'secretEnvelope'>;
  const { secretEnvelope: _dropped, ...rest } = env;
  strippedByEnvelope.set(env, rest);
  return rest;
}

/**
 * Envelopes are immutable values, so an envelope's stripped copy is made once and shared: a peer
 * answering membership requests strips the same member's alive message for every foreign
 * requester (a thousand times per member in a join storm at 1,000 peers). Weak keys: an envelope
 * no state holds any more takes its copy with it.
 */
const strippedByEnvelope = new WeakMap<object, object>();

