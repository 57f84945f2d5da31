/**
 * The cross-key rules of validate.ts at their boundaries: the pull round against its interval
 * ([CFG-FUNC-PULL-WINDOW.1]) and the periods Fabric derives by division, which must stay at 1 ms or
 * more ([CFG-FUNC-DERIVED-PERIODS.1]): aliveExpirationTimeout/10 (gossip/gossip/config.go
 * AliveExpirationCheckInterval), aliveExpirationTimeout × msgExpirationFactor / 100 (the alive
 * msgstore, gossip/discovery/discovery_impl.go + gossip/gossip/msgstore/msgs.go) and
 * leaderAliveThreshold × 10 / 100 (MsgExpirationTimeout's store). Each side of each boundary is
 * checked, and a value another rule already refuses is refused once, not twice.
 */
import { FABRIC_2X, setField, validateConfig, type GossipConfig } from '../../src/config';

function keys(c: GossipConfig): string[] {
  return validateConfig(c).map((e) => e.key);
}

describe('[CFG-FUNC-PULL-WINDOW.1] pullInterval against digestWaitTime + responseWaitTime', () => {
  it('[CFG-FUNC-PULL-WINDOW.1] equal is refused, one millisecond more is accepted, whichever side moves', () => {
    expect(keys({ ...FABRIC_2X, pullIntervalMs: 3_000 })).toEqual(['peer.gossip.pullInterval']);
    expect(keys({ ...FABRIC_2X, pullIntervalMs: 3_001 })).toEqual([]);
    expect(keys({ ...FABRIC_2X, digestWaitTimeMs: 2_000 })).toEqual(['peer.gossip.pullInterval']);
    expect(keys({ ...FABRIC_2X, digestWaitTimeMs: 1_999 })).toEqual([]);
  });
});

describe('[CFG-FUNC-DERIVED-PERIODS.1] derived periods at their boundaries', () => {
  it('[CFG-FUNC-DERIVED-PERIODS.1] aliveExpirationTimeout 10ms is the least (check every 1ms); 9ms is refused', () => {
    expect(keys({ ...FABRIC_2X, aliveExpirationTimeoutMs: 10, msgExpirationFactor: 10 })).toEqual([]);
    expect(keys({ ...FABRIC_2X, aliveExpirationTimeoutMs: 9, msgExpirationFactor: 100 })).toEqual(['peer.gossip.aliveExpirationTimeout']);
  });

  it('[CFG-FUNC-DERIVED-PERIODS.1] aliveExpirationTimeout × msgExpirationFactor of 100ms is accepted, 99ms is refused naming the factor', () => {
    expect(keys({ ...FABRIC_2X, aliveExpirationTimeoutMs: 50, msgExpirationFactor: 2 })).toEqual([]);
    expect(keys({ ...FABRIC_2X, aliveExpirationTimeoutMs: 20, msgExpirationFactor: 5 })).toEqual([]);
    expect(keys({ ...FABRIC_2X, aliveExpirationTimeoutMs: 99, msgExpirationFactor: 1 })).toEqual(['peer.gossip.msgExpirationFactor']);
    expect(keys({ ...FABRIC_2X, aliveExpirationTimeoutMs: 33, msgExpirationFactor: 3 })).toEqual(['peer.gossip.msgExpirationFactor']);
  });

  it('[CFG-FUNC-DERIVED-PERIODS.1] leaderAliveThreshold 10ms is the least (store swept every 1ms); 9ms is refused', () => {
    expect(keys(setField(FABRIC_2X, 'election.leaderAliveThresholdMs', 10))).toEqual([]);
    expect(keys(setField(FABRIC_2X, 'election.leaderAliveThresholdMs', 9))).toEqual(['peer.gossip.election.leaderAliveThreshold']);
  });

  it('[CFG-FUNC-DERIVED-PERIODS.1] [CFG-FUNC-INTERVAL-POSITIVE.1] a zero or fractional input is refused by its own rule only, not again as a derived period', () => {
    expect(keys({ ...FABRIC_2X, aliveExpirationTimeoutMs: 0 })).toEqual(['peer.gossip.aliveExpirationTimeout']);
    expect(keys({ ...FABRIC_2X, aliveExpirationTimeoutMs: 0.5 })).toEqual(['peer.gossip.aliveExpirationTimeout']);
    expect(keys({ ...FABRIC_2X, aliveExpirationTimeoutMs: -10 })).toEqual(['peer.gossip.aliveExpirationTimeout']);
    expect(keys({ ...FABRIC_2X, msgExpirationFactor: 0 })).toEqual(['peer.gossip.msgExpirationFactor']);
    expect(keys({ ...FABRIC_2X, aliveExpirationTimeoutMs: 40, msgExpirationFactor: 0.5 })).toEqual(['peer.gossip.msgExpirationFactor']);
    expect(keys(setField(FABRIC_2X, 'election.leaderAliveThresholdMs', 0))).toEqual(['peer.gossip.election.leaderAliveThreshold']);
    expect(keys(setField(FABRIC_2X, 'election.leaderAliveThresholdMs', 0.5))).toEqual(['peer.gossip.election.leaderAliveThreshold']);
    expect(keys(setField(FABRIC_2X, 'election.leaderAliveThresholdMs', -10))).toEqual(['peer.gossip.election.leaderAliveThreshold']);
  });
});
