/** A loopback network of runtime peers for the runtime tests: material, nodes, waits. */
import { loadConfig, type GossipConfig } from '../../src/config';
import type { X509Suite } from '../../src/core';
import { issueNetworkMaterial, nodeOf, suiteOf, tlsRootsPem, type NetworkMaterial } from '../../src/runtime/crypto-material';
import { MemoryTelemetry } from '../../src/runtime/ports';
import { monotonicClock } from '../../src/runtime/clock';
import { GrpcDeliverClient } from '../../src/runtime/orderer/deliver-client';
import { OrderingServiceNode } from '../../src/runtime/orderer/deliver-service';
import { PeerNode } from '../../src/runtime/peer-node';
import type { OrdererPort, Submit } from '../../src/runtime/ports';

export const CHANNEL = 'mychannel';

/** Fabric's election test timings (as test/peer/fixtures.ts), for real seconds. */
export const FAST_ENV: Record<string, string> = {
  CORE_PEER_GOSSIP_ELECTION_STARTUPGRACEPERIOD: '2s',
  CORE_PEER_GOSSIP_ELECTION_MEMBERSHIPSAMPLEINTERVAL: '200ms',
  CORE_PEER_GOSSIP_ELECTION_LEADERALIVETHRESHOLD: '2s',
  CORE_PEER_GOSSIP_ELECTION_LEADERELECTIONDURATION: '1s',
  CORE_PEER_GOSSIP_ALIVETIMEINTERVAL: '1s',
  CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT: '5s',
  CORE_PEER_GOSSIP_RECONNECTINTERVAL: '1s',
  CORE_PEER_GOSSIP_PULLINTERVAL: '2s',
  CORE_PEER_GOSSIP_DIGESTWAITTIME: '300ms',
  CORE_PEER_GOSSIP_RESPONSEWAITTIME: '500ms',
  CORE_PEER_GOSSIP_REQUESTWAITTIME: '500ms',
  CORE_PEER_GOSSIP_REQUESTSTATEINFOINTERVAL: '1s',
  CORE_PEER_GOSSIP_PUBLISHSTATEINFOINTERVAL: '1s',
  CORE_PEER_GOSSIP_STATE_CHECKINTERVAL: '1s',
};

export const PEERS = [
  { name: 'peer0.org1', org: 'Org1MSP' },
  { name: 'peer1.org1', org: 'Org1MSP' },
  { name: 'peer0.org2', org: 'Org2MSP' },
  { name: 'peer1.org2', org: 'Org2MSP' },
] as const;

export interface Net {
  readonly material: NetworkMaterial;
  readonly suite: X509Suite;
  readonly roots: string;
  readonly ordererKey: { identity: string; secret: string };
}

/** The test network's material; `tlsHosts` changes what a node's TLS certificate names (default: its names, localhost, 127.0.0.1). */
export function makeNet(seed = 1, tlsHosts?: (name: string) => readonly string[]): Net {
  const material = issueNetworkMaterial({
    ...(tlsHosts === undefined ? {} : { tlsHosts }),
    orgs: [
      { mspId: 'Org1MSP', nodes: ['peer0.org1', 'peer1.org1'] },
      { mspId: 'Org2MSP', nodes: ['peer0.org2', 'peer1.org2'] },
      { mspId: 'OrdererMSP', nodes: ['orderer'] },
    ],
    nowMs: Date.now(),
    seed,
  });
  return { material, suite: suiteOf(material.orgs), roots: tlsRootsPem(material.orgs), ordererKey: nodeOf(material, 'orderer').signKey };
}

export async function openNode(net: Net, name: string, telemetry = new MemoryTelemetry(), port = 0): Promise<{ node: PeerNode; telemetry: MemoryTelemetry }> {
  const m = nodeOf(net.material, name);
  const node = await PeerNode.open({
    name,
    crypto: net.suite,
    key: m.signKey,
    trustedOrderers: [net.ordererKey.identity],
    tls: { rootsPem: net.roots, certPem: m.tlsCertPem, keyPem: m.tlsKeyPem },
    listenHost: '127.0.0.1',
    listenPort: port,
    telemetry,
    comm: { dialTimeoutMs: 1000, connTimeoutMs: 1000 },
  });
  return { node, telemetry };
}

export function configFor(self: string, bootstrap: string, extra: Record<string, string> = {}): GossipConfig {
  const loaded = loadConfig({
    base: 'fabric-1.4',
    env: { ...FAST_ENV, CORE_PEER_GOSSIP_BOOTSTRAP: bootstrap, CORE_PEER_GOSSIP_EXTERNALENDPOINT: self, ...extra },
  });
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
  return loaded.config;
}

export function joinCommand(sequence: number, anchors: Record<string, string> = {}): unknown {
  return {
    type: 'JOIN_CHANNEL',
    channel: CHANNEL,
    sequence,
    orgs: ['Org1MSP', 'Org2MSP'].map((mspId) => {
      const a = anchors[mspId];
      const [host, port] = a === undefined ? [] : a.split(':');
      return { mspId, anchorPeers: host === undefined ? [] : [{ host, port: Number(port) }] };
    }),
  };
}

/** Poll `condition` every `stepMs` until it holds, at most `timeoutMs`; the last `describe()` on failure. */
export async function waitFor(what: string, condition: () => boolean, timeoutMs: number, describe: () => unknown = () => '', stepMs = 100): Promise<void> {
  const rounds = Math.ceil(timeoutMs / stepMs);
  for (let i = 0; i < rounds; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  if (condition()) return;
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${JSON.stringify(describe(), null, 1)}`);
}

/** The ordering service on gRPC, serving the channel, cutting on command. */
export async function startOrderer(net: Net, port = 0): Promise<OrderingServiceNode> {
  const m = nodeOf(net.material, 'orderer');
  return OrderingServiceNode.listen({
    crypto: net.suite,
    key: net.ordererKey,
    tls: { rootsPem: net.roots, certPem: m.tlsCertPem, keyPem: m.tlsKeyPem },
    listenHost: '127.0.0.1',
    listenPort: port,
    telemetry: new MemoryTelemetry(),
    channels: [CHANNEL],
    // The genesis config: both orgs, no anchor peers (joinCommand(0)); updates move it on.
    configs: [{ channel: CHANNEL, sequence: 0, orgs: ['Org1MSP', 'Org2MSP'].map((mspId) => ({ mspId, anchorPeers: [] })) }],
  });
}

/** A peer's deliver client to that service. */
export function deliverTo(net: Net, name: string, endpoint: string, telemetry: MemoryTelemetry): (submit: Submit) => OrdererPort {
  const m = nodeOf(net.material, name);
  return (submit) =>
    new GrpcDeliverClient({ endpoint, tls: { rootsPem: net.roots, certPem: m.tlsCertPem, keyPem: m.tlsKeyPem }, creator: m.signKey.identity, submit, telemetry, clock: monotonicClock(), retryMs: 200, dialTimeoutMs: 1000 });
}
