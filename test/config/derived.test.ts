/** Expected values are Fabric's documented derivations at default settings (reference §2.1, §3.4, §4.4, §7.2). */
import {
  FABRIC_1_4,
  FABRIC_2X,
  aliveExpirationCheckIntervalMs,
  aliveMsgStoreTtlMs,
  blockMsgTtlMs,
  dependsOnPeersForBlocks,
  derivedTimings,
  internalEndpoint,
  leaderDeclarationIntervalMs,
  leaderYieldDurationMs,
  leadershipMsgTtlMs,
  msgStoreExpirationCheckIntervalMs,
  nodeStateInfoTtlMs,
  payloadBufferBlockingSize,
  setField,
  stateInfoCacheSweepIntervalMs,
} from '../../src/config';

describe('[CFG-PARAM-DERIVED.1] values Fabric derives from the configuration', () => {
  it('at default settings they are Fabric\'s documented figures', () => {
    expect(aliveExpirationCheckIntervalMs(FABRIC_2X)).toBe(2_500); // 25s / 10
    expect(aliveMsgStoreTtlMs(FABRIC_2X)).toBe(500_000); // 25s × 20
    expect(msgStoreExpirationCheckIntervalMs(aliveMsgStoreTtlMs(FABRIC_2X))).toBe(5_000); // 500s / 100
    expect(leadershipMsgTtlMs(FABRIC_2X)).toBe(100_000); // 10s × 10
    expect(blockMsgTtlMs(FABRIC_2X)).toBe(400_000); // 4s × 100
    expect(stateInfoCacheSweepIntervalMs(FABRIC_2X)).toBe(20_000); // 4s × 5
    expect(nodeStateInfoTtlMs(FABRIC_2X)).toBe(400_000); // 4s × 100
    expect(leaderDeclarationIntervalMs(FABRIC_2X)).toBe(5_000); // 10s / 2
    expect(leaderYieldDurationMs(FABRIC_2X)).toBe(60_000); // 10s × 6
  });

  it('they follow the keys they derive from', () => {
    const c = setField(setField(FABRIC_2X, 'aliveExpirationTimeoutMs', 8_000), 'msgExpirationFactor', 3);
    expect(aliveExpirationCheckIntervalMs(c)).toBe(800);
    expect(aliveMsgStoreTtlMs(c)).toBe(24_000);
    const e = setField(FABRIC_2X, 'election.leaderAliveThresholdMs', 3_000);
    expect(leadershipMsgTtlMs(e)).toBe(30_000);
    expect(leaderDeclarationIntervalMs(e)).toBe(1_500);
    expect(leaderYieldDurationMs(e)).toBe(18_000);
    const p = setField(FABRIC_2X, 'pullIntervalMs', 7_000);
    expect(blockMsgTtlMs(p)).toBe(700_000);
    expect(stateInfoCacheSweepIntervalMs(p)).toBe(35_000);
  });

  it('divisions floor to whole milliseconds, as Go floors nanoseconds', () => {
    expect(aliveExpirationCheckIntervalMs(setField(FABRIC_2X, 'aliveExpirationTimeoutMs', 25))).toBe(2);
    expect(leaderDeclarationIntervalMs(setField(FABRIC_2X, 'election.leaderAliveThresholdMs', 9))).toBe(4);
    expect(msgStoreExpirationCheckIntervalMs(199)).toBe(1);
  });

  it('the payload buffer blocks at twice blockBufferSize', () => {
    expect(payloadBufferBlockingSize(FABRIC_2X)).toBe(40);
    expect(payloadBufferBlockingSize(FABRIC_1_4)).toBe(200);
  });

  it('a peer depends on others for blocks unless it is a static leader', () => {
    expect(dependsOnPeersForBlocks(FABRIC_2X)).toBe(false);
    expect(dependsOnPeersForBlocks(FABRIC_1_4)).toBe(true);
    expect(dependsOnPeersForBlocks({ ...FABRIC_2X, orgLeader: false })).toBe(true);
  });

  it('the internal endpoint is peer.gossip.endpoint, else peer.address', () => {
    expect(internalEndpoint(FABRIC_2X, 'peer0.org1.example.com:7051')).toBe('peer0.org1.example.com:7051');
    expect(internalEndpoint({ ...FABRIC_2X, endpoint: 'gossip.org1:7051' }, 'peer0.org1.example.com:7051')).toBe('gossip.org1:7051');
  });

  it('derivedTimings lists every derived period and TTL', () => {
    expect(derivedTimings(FABRIC_1_4)).toEqual({
      aliveExpirationCheckIntervalMs: 2_500,
      aliveMsgStoreTtlMs: 500_000,
      aliveMsgStoreCheckIntervalMs: 5_000,
      leadershipMsgTtlMs: 100_000,
      leadershipMsgStoreCheckIntervalMs: 1_000,
      blockMsgTtlMs: 400_000,
      blockMsgStoreCheckIntervalMs: 4_000,
      stateInfoCacheSweepIntervalMs: 20_000,
      nodeStateInfoTtlMs: 400_000,
      leaderDeclarationIntervalMs: 5_000,
      leaderYieldDurationMs: 60_000,
    });
  });
});
