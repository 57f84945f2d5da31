/**
 * Signing and verifying envelopes (Fabric's SignedGossipMessage.Sign / Verify), over the
 * canonical encoding of the payload. Point-to-point messages are "NoopSigned": empty signature.
 */
import { canonicalEncode } from '../core/encoding';
import type { CryptoSuite, SigningKey } from '../core/crypto/suite';
import type { SecretEnvelope } from './envelope';
import type { Envelope, GossipMessage } from './gossip-message';

/** [MSG-MSG-ENVELOPE.1] Sign canonicalEncode(payload); [MSG-FUNC-SECRET-ENVELOPE.1] with an internal endpoint, add a secret envelope signed by the same key. */
export function signMessage<M extends GossipMessage>(
  suite: CryptoSuite,
  key: SigningKey,
  payload: M,
  internalEndpoint?: string,
): Omit<Envelope, 'payload'> & { payload: M } {
  const signature = suite.sign(key, canonicalEncode(payload));
  if (internalEndpoint === undefined) return { payload, signature };
  const secret = { internalEndpoint };
  const secretEnvelope: SecretEnvelope = { payload: secret, signature: suite.sign(key, canonicalEncode(secret)) };
  return { payload, signature, secretEnvelope };
}

/** [MSG-FUNC-NOOP-SIGN.1] Point-to-point messages: an empty signature, which verifyEnvelope never accepts. */
export function noopSign<M extends GossipMessage>(payload: M): Omit<Envelope, 'payload'> & { payload: M } {
  return { payload, signature: '' };
}

/**
 * [MSG-FUNC-ENVELOPE-VERIFY.1] Non-empty signature over the payload by `identity`; a secret
 * envelope, when present, must also be signed by the same identity.
 */
export function verifyEnvelope(suite: CryptoSuite, identity: string, env: Pick<Envelope, 'payload' | 'signature' | 'secretEnvelope'>): boolean {
  if (env.signature === '' || !suite.verify(identity, canonicalEncode(env.payload), env.signature)) return false;
  const secret = env.secretEnvelope;
  if (secret === undefined) return true;
  return secret.signature !== '' && suite.verify(identity, canonicalEncode(secret.payload), secret.signature);
}

/** [MSG-FUNC-SECRET-ENVELOPE.1] Remove the secret envelope (the internal endpoint never leaves the org). */
export function withoutSecret<E extends { secretEnvelope?: SecretEnvelope }>(env: E): Omit<E, 'secretEnvelope'> {
  if (env.secretEnvelope === undefined) return env;
  const { secretEnvelope: _dropped, ...rest } = env;
  return rest;
}
