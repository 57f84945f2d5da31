/**
 * gossip_test.go's discovery configuration (newGossipInstanceWithGrpcMcsMetrics's discoveryConfig
 * and the gossip config it builds): alive every 1 s, expiry after 10 s, checks and reconnects every
 * 1 s, 120 connection attempts, pull every 4 s from 5 peers, push to 3, certs every 4 s. Shared by
 * the ports of gossip_test.go and orgs_test.go (which changes only the pull interval).
 */
import { FABRIC_DISCOVERY_TEST_PARAMS, type MembershipParams } from '../../src/membership';

export const GOSSIP_TEST_MEMBERSHIP_PARAMS: MembershipParams = {
  ...FABRIC_DISCOVERY_TEST_PARAMS,
  aliveTimeIntervalMs: 1000,
  aliveExpirationTimeoutMs: 10_000,
  aliveExpirationCheckIntervalMs: 1000,
  reconnectIntervalMs: 1000,
  maxConnectionAttempts: 120,
  msgExpirationFactor: 20,
  pullIntervalMs: 4000,
  pullPeerNum: 5,
  propagatePeerNum: 3,
  publishCertPeriodMs: 4000,
};
