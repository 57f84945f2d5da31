/**
 * Starting a peer or an ordering service from files, as the `peer start` and `orderer start`
 * commands do: core.yaml (CORE_* overrides), the MSP and TLS directories, channel.json, a LevelDB
 * directory, an operations endpoint, pino logs on stdout. Returns a handle whose `stop` closes
 * everything; the CLI calls it on SIGINT/SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { monotonicClock } from './clock';
import { configDir, loadPeerConfig, splitAddress } from './config';
import { suiteOf } from './crypto-material';
import { LevelStore } from './ledger/level';
import { channelConfigOf, joinOf, readChannelFile, readSigningKey, trustOf } from './msp';
import { OpsServer } from './ops/server';
import { ordererAdmin } from './orderer/admin';
import { PinoTelemetry, PromTelemetry, teeTelemetry } from './ops/telemetry';
import { GrpcDeliverClient } from './orderer/deliver-client';
import { OrderingServiceNode } from './orderer/deliver-service';
import { PeerNode } from './peer-node';
import type { LogLevel } from './ports';

export interface Running {
  readonly name: string;
  readonly endpoint: string;
  readonly operations: string;
  stop(): Promise<void>;
}

export async function startPeerFromFiles(corePath: string, env: Readonly<Record<string, string | undefined>>, logLevel: LogLevel = 'info'): Promise<Running> {
  const loaded = loadPeerConfig(readFileSync(corePath, 'utf8'), env, configDir(corePath), 'fabric-1.4');
  if (!loaded.ok) throw new Error(`${corePath}:\n  ${loaded.errors.join('\n  ')}`);
  const c = loaded.config;
  const channel = readChannelFile(c.channelConfigPath);
  const trust = trustOf(channel);
  const suite = suiteOf(trust.msps);
  const key = readSigningKey(c.mspConfigPath, c.localMspId);
  const prom = new PromTelemetry({ peer: c.id });
  const logs = PinoTelemetry.create({ name: c.id, level: logLevel });
  for (const w of loaded.warnings) logs.log('warn', w);
  const telemetry = teeTelemetry(prom, logs);
  const listen = splitAddress(c.listenAddress);
  const advertised = splitAddress(c.address);
  const tls = { rootsPem: trust.tlsRootsPem + readFileSync(c.tls.rootCertFile, 'utf8'), certPem: readFileSync(c.tls.certFile, 'utf8'), keyPem: readFileSync(c.tls.keyFile, 'utf8') };
  const node = await PeerNode.open({
    name: c.id,
    crypto: suite,
    key,
    trustedOrderers: [trust.ordererIdentity],
    tls,
    listenHost: listen.host,
    listenPort: listen.port,
    advertiseHost: advertised.host,
    telemetry,
    comm: { dialTimeoutMs: c.gossip.dialTimeoutMs, connTimeoutMs: c.gossip.connTimeoutMs, sendBuffSize: c.gossip.sendBuffSize, recvBuffSize: c.gossip.recvBuffSize },
  });
  const store = await LevelStore.open(join(c.fileSystemPath, 'ledger'), suite, { telemetry });
  const clock = monotonicClock();
  await node.start({
    config: c.gossip,
    ledger: store,
    storage: store,
    orderer: (submit) => new GrpcDeliverClient({ endpoint: channel.orderer.address, tls, creator: key.identity, submit, telemetry, clock }),
  });
  node.command(joinOf(channel));
  const ops = splitAddress(c.operationsListenAddress);
  const server = await OpsServer.listen(ops.host, ops.port, {
    health: () => (node.running ? [] : [{ component: 'peer', reason: 'stopped' }]),
    metrics: () => prom.metrics(),
    status: () => node.status(),
  });
  return {
    name: c.id,
    endpoint: node.endpoint,
    operations: server.address,
    async stop() {
      await server.close();
      await node.stop();
    },
  };
}

/**
 * orderer.yaml: General.ListenAddress/ListenPort, General.TLS.{Certificate,PrivateKey}, General.LocalMSPDir/LocalMSPID,
 * General.ChannelConfigPath, General.BatchTimeout (ms; absent or 0: blocks only on an admin call), Operations.ListenAddress
 * (ORDERER_* overrides). The channel file's config is the channel's genesis config; admin calls on the operations
 * endpoint cut blocks and anchor-peer config updates ([GEN-FUNC-RUNTIME-ORDERER-ADMIN.1]).
 */
export async function startOrdererFromFiles(yamlPath: string, env: Readonly<Record<string, string | undefined>>, logLevel: LogLevel = 'info'): Promise<Running & { cut(channel: string): number }> {
  const doc = (parse(readFileSync(yamlPath, 'utf8')) ?? {}) as Record<string, unknown>;
  const get = (key: string): string | undefined => {
    const fromEnv = env[`ORDERER_${key.toUpperCase().replace(/\./g, '_')}`];
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    let node: unknown = doc;
    for (const part of key.split('.')) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
    return node === undefined || node === null ? undefined : typeof node === 'object' ? JSON.stringify(node) : String(node as string | number | boolean | bigint);
  };
  const need = (key: string): string => {
    const v = get(key);
    if (v === undefined || v === '') throw new Error(`${yamlPath}: ${key} must be set`);
    return v.startsWith('/') ? v : join(configDir(yamlPath), v);
  };
  const channel = readChannelFile(need('General.ChannelConfigPath'));
  const trust = trustOf(channel);
  const suite = suiteOf(trust.msps);
  const key = readSigningKey(need('General.LocalMSPDir'), get('General.LocalMSPID') ?? channel.orderer.mspId);
  const prom = new PromTelemetry({ orderer: 'orderer' });
  const telemetry = teeTelemetry(prom, PinoTelemetry.create({ name: 'orderer', level: logLevel }));
  const batchMs = get('General.BatchTimeout');
  const node = await OrderingServiceNode.listen({
    crypto: suite,
    key,
    tls: { rootsPem: trust.tlsRootsPem, certPem: readFileSync(need('General.TLS.Certificate'), 'utf8'), keyPem: readFileSync(need('General.TLS.PrivateKey'), 'utf8') },
    listenHost: get('General.ListenAddress') ?? '127.0.0.1',
    listenPort: Number(get('General.ListenPort') ?? '7050'),
    telemetry,
    channels: [channel.channel],
    configs: [channelConfigOf(channel)],
    ...(batchMs === undefined ? {} : { cutIntervalMs: Number(batchMs) }),
  });
  const ops = splitAddress(get('Operations.ListenAddress') ?? '127.0.0.1:8443');
  const server = await OpsServer.listen(ops.host, ops.port, {
    health: () => [],
    metrics: () => prom.metrics(),
    status: () => ({
      name: 'orderer',
      endpoint: node.endpoint,
      heights: { [channel.channel]: node.height(channel.channel) },
      configSequence: { [channel.channel]: node.service.config(channel.channel)?.sequence },
    }),
    post: ordererAdmin(node, [channel.channel]),
  });
  return {
    name: 'orderer',
    endpoint: node.endpoint,
    operations: server.address,
    cut: (c) => node.cut(c),
    async stop() {
      await server.close();
      await node.stop();
    },
  };
}
