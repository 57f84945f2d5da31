/** Building and sending this peer's own alive message and membership requests. */
import type { PeerRef } from '../core';
import { signMessage } from '../messages';
import { envelopeFilterFor } from './disclosure';
import type { Draft } from './draft';
import { membershipRequest, type AliveEnvelope } from './wire';

/**
 * [MEM-FUNC-SEND-ALIVE.1] A new signed alive message: seqNum + 1, the external endpoint and
 * metadata, the identity while within publishCertPeriod of start, and (if asked) the internal
 * endpoint in a separately signed SecretEnvelope.
 */
export function createAliveEnvelope(d: Draft, includeInternalEndpoint: boolean): AliveEnvelope {
  d.seqNum += 1n;
  const withinCertPeriod = d.nowMs < d.config.startTimeMs + d.params.publishCertPeriodMs;
  const payload = {
    nonce: 0n,
    channel: '',
    tag: 'EMPTY' as const,
    content: {
      $case: 'aliveMsg' as const,
      aliveMsg: {
        membership: { endpoint: d.self.externalEndpoint, metadata: d.self.metadata, pkiId: d.self.pkiId },
        timestamp: { incNum: d.config.incNum, seqNum: d.seqNum },
        ...(withinCertPeriod ? { identity: d.self.identity } : {}),
      },
    },
  };
  return signMessage(d.env.crypto, d.env.key, payload, includeInternalEndpoint ? d.self.internalEndpoint : undefined);
}

/**
 * Send a membership request carrying `selfInformation`, through the envelope filter of the target
 * (Fabric's discoveryAdapter.SendToPeer): no SecretEnvelope leaves the org.
 */
export function sendMembershipRequest(d: Draft, to: PeerRef, selfInformation: AliveEnvelope, nonce = 0n): void {
  const filtered = envelopeFilterFor(d, to.pkiId)(selfInformation);
  d.emit({ kind: 'send', to: [to], message: membershipRequest(filtered, nonce) });
}
