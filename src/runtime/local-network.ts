/**
 * `network up | status | down`: the First Network of seed 004 (2 orgs × 2 peers, one orderer,
 * `mychannel`) as separate processes on loopback with free ports.
 *
 * `prepareNetwork` issues the crypto material and writes it in cryptogen's folder layout
 * (crypto-config/peerOrganizations/<domain>/{msp,peers/<name>/{msp,tls}} and
 * ordererOrganizations/example.com/..., [GEN-FUNC-RUNTIME-MSP-LAYOUT.1]), one core.yaml per peer,
 * an orderer.yaml and the channel file (the genesis config: the orgs, no anchor peers); it returns
 * how to start each node. `networkUp` starts them as `<cli> peer start` / `<cli> orderer start`
 * (logs in <dir>/logs), records the processes in <dir>/network.json, then sends the First
 * Network's anchor-peer updates to the ordering service — org1's, then org2's — each cut as a
 * config block that the peers apply when they commit it ([GEN-FUNC-RUNTIME-CONFIG-BLOCKS.1]).
 * `status` reads every operations endpoint's /status; `down` sends SIGTERM to the recorded
 * processes (by their ids).
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadConfig, toCoreYaml } from '../config';
import { issueNetworkMaterial, nodeOf, type NetworkMaterial, type OrgMaterial } from './crypto-material';
import { writeMsp, writeOrgMsp, writeTls, type ChannelFile } from './msp';
import { getJson, postJson } from './ops/http-client';

export const NETWORK_CHANNEL = 'mychannel';
export const NETWORK_ORGS = [
  { mspId: 'Org1MSP', domain: 'org1.example.com', peers: ['peer0.org1.example.com', 'peer1.org1.example.com'] },
  { mspId: 'Org2MSP', domain: 'org2.example.com', peers: ['peer0.org2.example.com', 'peer1.org2.example.com'] },
] as const;
const ORDERER = { mspId: 'OrdererMSP', domain: 'example.com', name: 'orderer.example.com' } as const;

export interface NetworkRecord {
  readonly dir: string;
  readonly nodes: readonly { readonly name: string; readonly pid: number; readonly endpoint: string; readonly operations: string }[];
}

/**
 * `count` distinct free loopback ports: all are bound at once and released together, so no two are
 * the same (drawn one after another, a released port can be handed out again, and then two nodes
 * of the network would try to listen on it). Another process could still take one in between, rarely.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const s = createServer();
      servers.push(s);
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(0, '127.0.0.1', () => resolve());
      });
    }
    return servers.map((s) => (s.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => (s.listening ? s.close(() => resolve()) : resolve()))));
  }
}

export interface PrepareOptions {
  readonly dir: string;
  /** Extra CORE_* settings written into every peer's core.yaml (e.g. fast election for a demo). */
  readonly peerEnv?: Readonly<Record<string, string>>;
  /** The orderer cuts a block this often (ms); absent or 0: only on an admin call. */
  readonly batchTimeoutMs?: number;
  /** Issue keys from this seed (tests); absent: from the CSPRNG. */
  readonly seed?: number;
}

export interface NodeLaunch {
  readonly name: string;
  readonly kind: 'peer' | 'orderer';
  /** Arguments after the CLI script: `peer start --config <core.yaml>` or `orderer start --config <orderer.yaml>`. */
  readonly args: readonly string[];
  readonly endpoint: string;
  readonly operations: string;
  /** A peer's org and its data folder (peer.fileSystemPath). */
  readonly mspId?: string;
  readonly dataDir?: string;
}

export interface PreparedNetwork {
  readonly dir: string;
  readonly material: NetworkMaterial;
  readonly channelPath: string;
  readonly orderer: NodeLaunch;
  readonly peers: readonly NodeLaunch[];
  /** The First Network's anchor-peer updates, in order: peer0 of org1, then peer0 of org2. */
  readonly anchorUpdates: readonly { readonly mspId: string; readonly anchorPeers: readonly { host: string; port: number }[] }[];
}

const peerOrgDir = (dir: string, domain: string) => join(dir, 'crypto-config', 'peerOrganizations', domain);
const ordererOrgDir = (dir: string) => join(dir, 'crypto-config', 'ordererOrganizations', ORDERER.domain);

/** Issue the material, write it in cryptogen's layout with the configuration files; nothing is started. */
export async function prepareNetwork(o: PrepareOptions): Promise<PreparedNetwork> {
  mkdirSync(join(o.dir, 'logs'), { recursive: true });
  const material = issueNetworkMaterial({
    orgs: [...NETWORK_ORGS.map((g) => ({ mspId: g.mspId, nodes: [...g.peers] })), { mspId: ORDERER.mspId, nodes: [ORDERER.name] }],
    nowMs: Date.now(),
    ...(o.seed === undefined ? {} : { seed: o.seed }),
  });
  const names: string[] = [ORDERER.name, ...NETWORK_ORGS.flatMap((g) => g.peers)];
  const drawn = await freePorts(2 * names.length);
  const ports = new Map(names.map((name, i) => [name, { gossip: drawn[2 * i] as number, ops: drawn[2 * i + 1] as number }] as const));
  const portsOf = (name: string) => ports.get(name) as { gossip: number; ops: number };
  const orgOf = (mspId: string) => material.orgs.find((x) => x.mspId === mspId) as OrgMaterial;

  const ordererOrg = ordererOrgDir(o.dir);
  const ordererNodeDir = join(ordererOrg, 'orderers', ORDERER.name);
  writeOrgMsp(join(ordererOrg, 'msp'), orgOf(ORDERER.mspId), ORDERER.domain);
  writeMsp(join(ordererNodeDir, 'msp'), nodeOf(material, ORDERER.name), orgOf(ORDERER.mspId), ORDERER.domain);
  writeTls(join(ordererNodeDir, 'tls'), nodeOf(material, ORDERER.name), orgOf(ORDERER.mspId));
  for (const org of NETWORK_ORGS) writeOrgMsp(join(peerOrgDir(o.dir, org.domain), 'msp'), orgOf(org.mspId), org.domain);

  const ordererEndpoint = `127.0.0.1:${portsOf(ORDERER.name).gossip}`;
  const channel: ChannelFile = {
    channel: NETWORK_CHANNEL,
    sequence: 0,
    orgs: NETWORK_ORGS.map((org) => ({ mspId: org.mspId, mspDir: join(peerOrgDir(o.dir, org.domain), 'msp'), anchorPeers: [] })),
    orderer: {
      mspId: ORDERER.mspId,
      address: ordererEndpoint,
      mspDir: join(ordererOrg, 'msp'),
      identityCertFile: join(ordererNodeDir, 'msp', 'signcerts', `${ORDERER.name}-cert.pem`),
    },
  };
  const channelPath = join(o.dir, 'channel.json');
  writeFileSync(channelPath, JSON.stringify(channel, null, 2));
  const ordererYaml = join(o.dir, 'orderer.yaml');
  writeFileSync(
    ordererYaml,
    stringify({
      General: {
        ListenAddress: '127.0.0.1',
        ListenPort: portsOf(ORDERER.name).gossip,
        TLS: { Certificate: join(ordererNodeDir, 'tls', 'server.crt'), PrivateKey: join(ordererNodeDir, 'tls', 'server.key') },
        LocalMSPDir: join(ordererNodeDir, 'msp'),
        LocalMSPID: ORDERER.mspId,
        ChannelConfigPath: channelPath,
        BatchTimeout: o.batchTimeoutMs ?? 0,
      },
      Operations: { ListenAddress: `127.0.0.1:${portsOf(ORDERER.name).ops}` },
    }),
  );
  const orderer: NodeLaunch = { name: 'orderer', kind: 'orderer', args: ['orderer', 'start', '--config', ordererYaml], endpoint: ordererEndpoint, operations: `127.0.0.1:${portsOf(ORDERER.name).ops}` };

  const peers: NodeLaunch[] = [];
  for (const org of NETWORK_ORGS) {
    org.peers.forEach((name, i) => {
      const p = portsOf(name);
      const other = portsOf(org.peers[1 - i] as string);
      const self = `127.0.0.1:${p.gossip}`;
      const loaded = loadConfig({ base: 'fabric-1.4', env: { CORE_PEER_GOSSIP_BOOTSTRAP: `127.0.0.1:${other.gossip}`, CORE_PEER_GOSSIP_EXTERNALENDPOINT: self, ...(o.peerEnv ?? {}) } });
      if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
      const nodeDir = join(peerOrgDir(o.dir, org.domain), 'peers', name);
      const node = nodeOf(material, name);
      writeMsp(join(nodeDir, 'msp'), node, orgOf(org.mspId), org.domain);
      writeTls(join(nodeDir, 'tls'), node, orgOf(org.mspId));
      const dataDir = join(o.dir, 'data', name);
      const gossipDoc = parse(toCoreYaml(loaded.config)) as { peer: Record<string, unknown> };
      // One document: the process keys, then the gossip keys under the same `peer:` map.
      const core = {
        peer: {
          id: name,
          address: self,
          localMspId: org.mspId,
          mspConfigPath: join(nodeDir, 'msp'),
          fileSystemPath: dataDir,
          channelConfigPath: channelPath,
          tls: { enabled: true, cert: { file: join(nodeDir, 'tls', 'server.crt') }, key: { file: join(nodeDir, 'tls', 'server.key') }, rootcert: { file: join(nodeDir, 'tls', 'ca.crt') } },
          gossip: gossipDoc.peer['gossip'],
          deliveryclient: gossipDoc.peer['deliveryclient'],
        },
        operations: { listenAddress: `127.0.0.1:${p.ops}` },
      };
      const corePath = join(o.dir, name, 'core.yaml');
      mkdirSync(join(o.dir, name), { recursive: true });
      writeFileSync(corePath, stringify(core));
      peers.push({ name, kind: 'peer', args: ['peer', 'start', '--config', corePath], endpoint: self, operations: `127.0.0.1:${p.ops}`, mspId: org.mspId, dataDir });
    });
  }
  const anchorUpdates = NETWORK_ORGS.map((org) => ({ mspId: org.mspId, anchorPeers: [{ host: '127.0.0.1', port: portsOf(org.peers[0]).gossip }] }));
  return { dir: o.dir, material, channelPath, orderer, peers, anchorUpdates };
}

export interface UpOptions extends PrepareOptions {
  /** The CLI entry to run nodes with (`node <cli> peer start ...`). */
  readonly cli: string;
  /** How long to wait for the ordering service's operations endpoint before the anchor updates (default 20 s). */
  readonly ordererWaitMs?: number;
}

/**
 * [GEN-FUNC-RUNTIME-CONFIG-BLOCKS.1] Send the anchor-peer updates, in order, once the ordering
 * service answers; each is a config block. Returns the block numbers, or throws naming the update
 * that failed.
 */
export async function sendAnchorUpdates(ordererOperations: string, updates: PreparedNetwork['anchorUpdates'], waitMs = 20_000): Promise<number[]> {
  const rounds = Math.max(1, Math.ceil(waitMs / 200));
  for (let i = 0; i < rounds && (await getJson(ordererOperations, '/status', 1000)) === undefined; i++) await new Promise((r) => setTimeout(r, 200));
  const blocks: number[] = [];
  for (const u of updates) {
    const answer = await postJson(ordererOperations, `/channels/${NETWORK_CHANNEL}/anchorpeers`, u);
    const block = (answer?.body as { block?: unknown } | undefined)?.block;
    if (answer?.status !== 200 || typeof block !== 'number') throw new Error(`the anchor-peer update of ${u.mspId} failed: ${answer === undefined ? 'no answer' : `${answer.status} ${JSON.stringify(answer.body)}`}`);
    blocks.push(block);
  }
  return blocks;
}

/** Prepare, start every node, record them, then send the anchor-peer updates. */
export async function networkUp(o: UpOptions): Promise<NetworkRecord & { anchorBlocks: number[] }> {
  const prepared = await prepareNetwork(o);
  const nodes: NetworkRecord['nodes'][number][] = [];
  for (const l of [prepared.orderer, ...prepared.peers]) {
    const log = openSync(join(o.dir, 'logs', `${l.name}.log`), 'a');
    const child = spawn(process.execPath, [o.cli, ...l.args], { detached: true, stdio: ['ignore', log, log], env: process.env });
    closeSync(log);
    child.unref();
    nodes.push({ name: l.name, pid: child.pid ?? -1, endpoint: l.endpoint, operations: l.operations });
  }
  const record: NetworkRecord = { dir: o.dir, nodes };
  writeFileSync(join(o.dir, 'network.json'), JSON.stringify(record, null, 2));
  const anchorBlocks = await sendAnchorUpdates(prepared.orderer.operations, prepared.anchorUpdates, o.ordererWaitMs);
  return { ...record, anchorBlocks };
}

export function readNetwork(dir: string): NetworkRecord {
  return JSON.parse(readFileSync(join(dir, 'network.json'), 'utf8')) as NetworkRecord;
}

/** One line per node: its view, role and height, from its operations endpoint. */
export async function networkStatus(dir: string): Promise<string[]> {
  const record = readNetwork(dir);
  const lines: string[] = [];
  for (const n of record.nodes) {
    const s = (await getJson(n.operations, '/status')) as
      | { view?: string[]; leaderOf?: Record<string, boolean>; heights?: Record<string, number>; connections?: number; configSequence?: Record<string, number> }
      | undefined;
    if (s === undefined) {
      lines.push(`${n.name.padEnd(24)} pid ${n.pid}  DOWN (no answer at ${n.operations})`);
      continue;
    }
    const height = s.heights?.[NETWORK_CHANNEL] ?? 0;
    if (n.name === 'orderer') {
      lines.push(`${n.name.padEnd(24)} pid ${n.pid}  ${n.endpoint}  chain height ${height}  config sequence ${s.configSequence?.[NETWORK_CHANNEL] ?? '?'}`);
      continue;
    }
    const role = s.leaderOf?.[NETWORK_CHANNEL] === true ? 'LEADER' : 'follower';
    lines.push(`${n.name.padEnd(24)} pid ${n.pid}  ${n.endpoint}  ${role.padEnd(8)}  height ${height}  view [${(s.view ?? []).join(', ')}]`);
  }
  return lines;
}

/** SIGTERM every recorded process (by id); returns the ids signalled. */
export function networkDown(dir: string): number[] {
  const record = readNetwork(dir);
  const signalled: number[] = [];
  for (const n of record.nodes) {
    try {
      process.kill(n.pid, 'SIGTERM');
      signalled.push(n.pid);
    } catch {
      // already gone
    }
  }
  return signalled;
}
