/**
 * Membership (discovery) parameters with Fabric's names (core.yaml peer.gossip.*), units last.
 * Derived values (alive msg-store TTL and its check period) are functions, not parameters, so they
 * cannot drift from what they derive from.
 */
import * as t from 'io-ts';
import { NonNegativeInt, PositiveInt } from '../core/numbers';


export const MembershipParams = t.type(
  {
    /** Heartbeat period. Default 5s. */
    aliveTimeIntervalMs: PositiveInt,
    /** Silence before a member is declared dead. Default 25s (5 × aliveTimeInterval). */
    aliveExpirationTimeoutMs: PositiveInt,
    /** Dead-check period. Default aliveExpirationTimeout / 10 = 2.5s. */
    aliveExpirationCheckIntervalMs: PositiveInt,
    /** Reconnect-to-dead period and sleep between connect attempts. Default = aliveExpirationTimeout. */
    reconnectIntervalMs: PositiveInt,
    /** Membership sync period (Fabric's pullInterval). Default 4s. */
    pullIntervalMs: PositiveInt,
    /** Peers asked per membership sync. Default 3. */
    pullPeerNum: NonNegativeInt,
    /** Handshake attempts, and request sends, of one Connect (bootstrap or anchor). Default 120. */
    maxConnectionAttempts: PositiveInt,
    /** Alive msg-store TTL = aliveExpirationTimeout × this. Default 20. */
    msgExpirationFactor: PositiveInt,
    /** Alive messages carry the signer's identity for this long after start. Default 10s. */
    publishCertPeriodMs: NonNegativeInt,
    /** Fan-out of a pushed or forwarded alive message (used by the composition's routing). Default 3. */
    propagatePeerNum: NonNegativeInt,
  },
  'MembershipParams',
);
export type MembershipParams = t.TypeOf<typeof MembershipParams>;

/** [MEM-PARAM-DEFAULTS.1] Fabric's code defaults (gossip/discovery, gossip/gossip/config.go). */
export const DEFAULT_MEMBERSHIP_PARAMS: MembershipParams = {
  aliveTimeIntervalMs: 5000,
  aliveExpirationTimeoutMs: 25000,
  aliveExpirationCheckIntervalMs: 2500,
  reconnectIntervalMs: 25000,
  pullIntervalMs: 4000,
  pullPeerNum: 3,
  maxConnectionAttempts: 120,
  msgExpirationFactor: 20,
  publishCertPeriodMs: 10000,
  propagatePeerNum: 3,
};

/**
 * Fabric's discovery_test.go configuration (aliveTimeInterval 300ms, expiration 10×, check 300ms,
 * reconnect 10×, 10000 connection attempts); pull/sync values follow TestInitiateSync (sync every
 * expiration/3 with up to 9 peers). For the Fabric test ports.
 */
export const FABRIC_DISCOVERY_TEST_PARAMS: MembershipParams = {
  aliveTimeIntervalMs: 300,
  aliveExpirationTimeoutMs: 3000,
  aliveExpirationCheckIntervalMs: 300,
  reconnectIntervalMs: 3000,
  pullIntervalMs: 1000,
  pullPeerNum: 9,
  maxConnectionAttempts: 10000,
  msgExpirationFactor: 20,
  publishCertPeriodMs: 10000,
  propagatePeerNum: 3,
};

/** Fabric's sendUntilAcked waits this long for the response to a Connect request (a constant there). */
export const CONNECT_RESPONSE_TIMEOUT_MS = 5000;

/** [MEM-FUNC-MSGSTORE-EXPIRATION.1] alive msg-store TTL = aliveExpirationTimeout × msgExpirationFactor. */
export function aliveMsgTtlMs(p: MembershipParams): number {
  return p.aliveExpirationTimeoutMs * p.msgExpirationFactor;
}

/** The expirable store checks every TTL/100 (Fabric's msgstore). At least 1ms. */
export function msgStoreCheckIntervalMs(p: MembershipParams): number {
  return Math.max(1, Math.floor(aliveMsgTtlMs(p) / 100));
}
