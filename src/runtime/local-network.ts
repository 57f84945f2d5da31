/**
 * `network up | status | down`: the First Network of seed 004 (2 orgs × 2 peers, one orderer,
 * `mychannel`) as separate processes on loopback with free ports. `up` issues the crypto
 * material, writes it in Fabric's layout with one core.yaml per peer, an orderer.yaml and the
 * channel file, starts each node as `<cli> peer start` / `<cli> orderer start` (logs in
 * <dir>/logs), and records the processes in <dir>/network.json; `status` reads every operations
 * endpoint's /status; `down` sends SIGTERM to the recorded processes (by their ids).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadConfig, toCoreYaml } from '../config';
import { issueNetworkMaterial, nodeOf, type NetworkMaterial, type OrgMaterial } from './crypto-material';
import { writeMsp, writeTls, type ChannelFile } from './msp';

export const NETWORK_CHANNEL = 'mychannel';
const ORGS = [
  { mspId: 'Org1MSP', peers: ['peer0.org1.example.com', 'peer1.org1.example.com'] },
  { mspId: 'Org2MSP', peers: ['peer0.org2.example.com', 'peer1.org2.example.com'] },
] as const;

export interface NetworkRecord {
  readonly dir: string;
  readonly nodes: readonly { readonly name: string; readonly pid: number; readonly endpoint: string; readonly operations: string }[];
}

/** A free loopback port (bound and released: another process could take it in between, rarely). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface UpOptions {
  readonly dir: string;
  /** The CLI entry to run nodes with (`node <cli> peer start ...`). */
  readonly cli: string;
  /** Extra CORE_* settings for every peer (e.g. fast election for a demo). */
  readonly peerEnv?: Readonly<Record<string, string>>;
  /** The orderer cuts a block this often (ms). */
  readonly batchTimeoutMs?: number;
}

function writeFiles(o: UpOptions, material: NetworkMaterial, ports: Map<string, { gossip: number; ops: number }>): { name: string; args: string[]; endpoint: string; operations: string }[] {
  const orgOf = (mspId: string) => material.orgs.find((x) => x.mspId === mspId) as OrgMaterial;
  const crypto = join(o.dir, 'crypto');
  const ordererPorts = ports.get('orderer') as { gossip: number; ops: number };
  const ordererDir = join(crypto, 'orderer');
  const ordererNode = nodeOf(material, 'orderer.example.com');
  writeMsp(join(ordererDir, 'msp'), ordererNode, orgOf('OrdererMSP'));
  writeTls(join(ordererDir, 'tls'), ordererNode, orgOf('OrdererMSP'));
  const channel: ChannelFile = {
    channel: NETWORK_CHANNEL,
    sequence: 1,
    orgs: ORGS.map((org) => ({
      mspId: org.mspId,
      caCertFile: join(crypto, org.mspId, 'ca.pem'),
      tlsCaCertFile: join(crypto, org.mspId, 'tlsca.pem'),
      anchorPeers: [{ host: '127.0.0.1', port: (ports.get(org.peers[0]) as { gossip: number }).gossip }],
    })),
    orderer: {
      mspId: 'OrdererMSP',
      address: `127.0.0.1:${ordererPorts.gossip}`,
      identityCertFile: join(ordererDir, 'msp', 'signcerts', 'cert.pem'),
      caCertFile: join(ordererDir, 'msp', 'cacerts', 'ca.pem'),
      tlsCaCertFile: join(ordererDir, 'msp', 'tlscacerts', 'tlsca.pem'),
    },
  };
  for (const org of ORGS) {
    mkdirSync(join(crypto, org.mspId), { recursive: true });
    writeFileSync(join(crypto, org.mspId, 'ca.pem'), orgOf(org.mspId).caCertPem);
    writeFileSync(join(crypto, org.mspId, 'tlsca.pem'), orgOf(org.mspId).tlsCaCertPem);
  }
  const channelPath = join(o.dir, 'channel.json');
  writeFileSync(channelPath, JSON.stringify(channel, null, 2));
  writeFileSync(
    join(o.dir, 'orderer.yaml'),
    stringify({
      General: {
        ListenAddress: '127.0.0.1',
        ListenPort: ordererPorts.gossip,
        TLS: { Certificate: join(ordererDir, 'tls', 'server.crt'), PrivateKey: join(ordererDir, 'tls', 'server.key') },
        LocalMSPDir: join(ordererDir, 'msp'),
        LocalMSPID: 'OrdererMSP',
        ChannelConfigPath: channelPath,
        BatchTimeout: o.batchTimeoutMs ?? 2000,
      },
      Operations: { ListenAddress: `127.0.0.1:${ordererPorts.ops}` },
    }),
  );
  const launches = [{ name: 'orderer', args: ['orderer', 'start', '--config', join(o.dir, 'orderer.yaml')], endpoint: `127.0.0.1:${ordererPorts.gossip}`, operations: `127.0.0.1:${ordererPorts.ops}` }];
  for (const org of ORGS) {
    org.peers.forEach((name, i) => {
      const p = ports.get(name) as { gossip: number; ops: number };
      const other = ports.get(org.peers[1 - i] as string) as { gossip: number };
      const self = `127.0.0.1:${p.gossip}`;
      const loaded = loadConfig({ base: 'fabric-1.4', env: { CORE_PEER_GOSSIP_BOOTSTRAP: `127.0.0.1:${other.gossip}`, CORE_PEER_GOSSIP_EXTERNALENDPOINT: self, ...(o.peerEnv ?? {}) } });
      if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
      const dir = join(crypto, org.mspId, name);
      const node = nodeOf(material, name);
      writeMsp(join(dir, 'msp'), node, orgOf(org.mspId));
      writeTls(join(dir, 'tls'), node, orgOf(org.mspId));
      const gossipYaml = toCoreYaml(loaded.config);
      const processYaml = stringify({
        peer: {
          id: name,
          address: self,
          localMspId: org.mspId,
          mspConfigPath: join(dir, 'msp'),
          fileSystemPath: join(o.dir, 'data', name),
          channelConfigPath: channelPath,
          tls: { enabled: true, cert: { file: join(dir, 'tls', 'server.crt') }, key: { file: join(dir, 'tls', 'server.key') }, rootcert: { file: join(dir, 'tls', 'ca.crt') } },
        },
        operations: { listenAddress: `127.0.0.1:${p.ops}` },
      });
      // One document: the process keys, then the gossip keys under the same `peer:` map.
      const merged = { ...(loadYamlObject(processYaml) as Record<string, unknown>) };
      (merged['peer'] as Record<string, unknown>)['gossip'] = (loadYamlObject(gossipYaml) as { peer: Record<string, unknown> }).peer['gossip'];
      (merged['peer'] as Record<string, unknown>)['deliveryclient'] = (loadYamlObject(gossipYaml) as { peer: Record<string, unknown> }).peer['deliveryclient'];
      const corePath = join(o.dir, name, 'core.yaml');
      mkdirSync(join(o.dir, name), { recursive: true });
      writeFileSync(corePath, stringify(merged));
      launches.push({ name, args: ['peer', 'start', '--config', corePath], endpoint: self, operations: `127.0.0.1:${p.ops}` });
    });
  }
  return launches;
}

const loadYamlObject = (text: string): unknown => parse(text) as unknown;

/** Generate, write and start the network; resolves once every process is spawned. */
export async function networkUp(o: UpOptions): Promise<NetworkRecord> {
  mkdirSync(join(o.dir, 'logs'), { recursive: true });
  const material = issueNetworkMaterial({
    orgs: [...ORGS.map((g) => ({ mspId: g.mspId, nodes: [...g.peers] })), { mspId: 'OrdererMSP', nodes: ['orderer.example.com'] }],
    nowMs: Date.now(),
  });
  const ports = new Map<string, { gossip: number; ops: number }>();
  for (const name of ['orderer', ...ORGS.flatMap((g) => g.peers)]) ports.set(name, { gossip: await freePort(), ops: await freePort() });
  const launches = writeFiles(o, material, ports);
  const nodes: NetworkRecord['nodes'][number][] = [];
  for (const l of launches) {
    const log = openSync(join(o.dir, 'logs', `${l.name}.log`), 'a');
    const child = spawn(process.execPath, [o.cli, ...l.args], { detached: true, stdio: ['ignore', log, log], env: process.env });
    child.unref();
    nodes.push({ name: l.name, pid: child.pid ?? -1, endpoint: l.endpoint, operations: l.operations });
  }
  const record: NetworkRecord = { dir: o.dir, nodes };
  writeFileSync(join(o.dir, 'network.json'), JSON.stringify(record, null, 2));
  return record;
}

export function readNetwork(dir: string): NetworkRecord {
  return JSON.parse(readFileSync(join(dir, 'network.json'), 'utf8')) as NetworkRecord;
}

function getJson(address: string, path: string): Promise<unknown> {
  const [host, port] = address.split(':');
  return new Promise((resolve) => {
    const req = request({ host, port: Number(port), path, agent: false, timeout: 2000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body) as unknown);
        } catch {
          resolve(undefined);
        }
      });
    });
    req.on('error', () => resolve(undefined));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** One line per node: its view, role and height, from its operations endpoint. */
export async function networkStatus(dir: string): Promise<string[]> {
  const record = readNetwork(dir);
  const lines: string[] = [];
  for (const n of record.nodes) {
    const s = (await getJson(n.operations, '/status')) as
      | { view?: string[]; leaderOf?: Record<string, boolean>; heights?: Record<string, number>; connections?: number }
      | undefined;
    if (s === undefined) {
      lines.push(`${n.name.padEnd(24)} pid ${n.pid}  DOWN (no answer at ${n.operations})`);
      continue;
    }
    const height = s.heights?.[NETWORK_CHANNEL] ?? 0;
    if (n.name === 'orderer') {
      lines.push(`${n.name.padEnd(24)} pid ${n.pid}  ${n.endpoint}  chain height ${height}`);
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
