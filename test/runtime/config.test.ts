/** core.yaml for a peer process, with CORE_* overrides, through src/config's loader for the gossip keys. */
import { loadPeerConfig } from '../../src/runtime/config';

const CORE_YAML = `
peer:
  id: peer0.org1.example.com
  address: 127.0.0.1:7051
  localMspId: Org1MSP
  mspConfigPath: msp
  fileSystemPath: /var/data
  channelConfigPath: ../channel.json
  tls:
    enabled: true
    cert: { file: tls/server.crt }
    key: { file: tls/server.key }
    rootcert: { file: tls/ca.crt }
  gossip:
    bootstrap: 127.0.0.1:8051
    useLeaderElection: true
    orgLeader: false
    election:
      leaderAliveThreshold: 10s
operations:
  listenAddress: 127.0.0.1:9443
`;

describe('runtime configuration (core.yaml)', () => {
  it('[GEN-FUNC-RUNTIME-CORE-YAML.1] reads the process keys and the gossip keys, CORE_* variables winning, relative paths from the file\'s directory', () => {
    const loaded = loadPeerConfig(CORE_YAML, { CORE_PEER_ADDRESS: '127.0.0.1:7999', CORE_PEER_GOSSIP_ELECTION_LEADERALIVETHRESHOLD: '3s', CORE_PEER_ID: '' }, '/etc/peer');
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    const c = loaded.config;
    expect(c.id).toBe('peer0.org1.example.com');
    expect(c.address).toBe('127.0.0.1:7999');
    expect(c.listenAddress).toBe('127.0.0.1:7999');
    expect(c.mspConfigPath).toBe('/etc/peer/msp');
    expect(c.fileSystemPath).toBe('/var/data');
    expect(c.channelConfigPath).toBe('/etc/channel.json');
    expect(c.tls).toEqual({ enabled: true, certFile: '/etc/peer/tls/server.crt', keyFile: '/etc/peer/tls/server.key', rootCertFile: '/etc/peer/tls/ca.crt' });
    expect(c.operationsListenAddress).toBe('127.0.0.1:9443');
    expect(c.gossip.bootstrap).toEqual(['127.0.0.1:8051']);
    expect(c.gossip.election.leaderAliveThresholdMs).toBe(3000);
    expect(c.gossip.useLeaderElection).toBe(true);
  });

  it('[GEN-FUNC-RUNTIME-CORE-YAML.1] names every missing key and every gossip error, and refuses TLS off', () => {
    const loaded = loadPeerConfig('peer:\n  tls:\n    enabled: false\n  gossip:\n    pullInterval: -1s\n', {}, '/x');
    expect(loaded.ok).toBe(false);
    const errors = loaded.ok ? [] : loaded.errors;
    for (const key of ['peer.id', 'peer.address', 'peer.localMspId', 'peer.mspConfigPath', 'peer.tls.cert.file', 'peer.channelConfigPath']) expect(errors.some((e) => e.startsWith(key))).toBe(true);
    expect(errors.some((e) => e.includes('peer.gossip.pullInterval'))).toBe(true);
    expect(errors.some((e) => e.startsWith('peer.tls.enabled'))).toBe(true);
  });
});
