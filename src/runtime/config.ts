/**
 * A networked peer's configuration as a Fabric operator writes it: core.yaml with CORE_*
 * environment overrides ([GEN-FUNC-RUNTIME-CORE-YAML.1]). The gossip keys (peer.gossip.*,
 * peer.deliveryclient.*) go through src/config's loader (profiles, layering, validation); the keys
 * only a process needs are read here with the same rules: the environment variable CORE_ + the key
 * in upper case with '.' → '_' wins over the document, an empty variable is ignored.
 *
 * Keys: peer.id, peer.address, peer.listenAddress, peer.localMspId, peer.mspConfigPath,
 * peer.fileSystemPath, peer.tls.enabled, peer.tls.cert.file, peer.tls.key.file,
 * peer.tls.rootcert.file, operations.listenAddress; and peer.channelConfigPath, the channel.json
 * `network up` writes, standing in for the channel's genesis block (the orgs' MSP folders, their
 * first anchor peers, the orderer); later anchor peers come in config blocks (configtx.ts).
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import { envNameOf, loadConfig, type GossipConfig, type ProfileName } from '../config';

export interface PeerProcessConfig {
  readonly id: string;
  readonly address: string;
  readonly listenAddress: string;
  readonly localMspId: string;
  readonly mspConfigPath: string;
  readonly fileSystemPath: string;
  readonly tls: { readonly enabled: boolean; readonly certFile: string; readonly keyFile: string; readonly rootCertFile: string };
  readonly operationsListenAddress: string;
  readonly channelConfigPath: string;
  readonly gossip: GossipConfig;
}

const PROCESS_KEYS = {
  id: 'peer.id',
  address: 'peer.address',
  listenAddress: 'peer.listenAddress',
  localMspId: 'peer.localMspId',
  mspConfigPath: 'peer.mspConfigPath',
  fileSystemPath: 'peer.fileSystemPath',
  tlsEnabled: 'peer.tls.enabled',
  tlsCert: 'peer.tls.cert.file',
  tlsKey: 'peer.tls.key.file',
  tlsRoot: 'peer.tls.rootcert.file',
  operations: 'operations.listenAddress',
  channelConfigPath: 'peer.channelConfigPath',
} as const;

function lookup(doc: unknown, key: string): unknown {
  let node = doc;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    const hit = Object.keys(node).find((k) => k.toLowerCase() === part.toLowerCase());
    node = hit === undefined ? undefined : (node as Record<string, unknown>)[hit];
  }
  return node;
}

export type LoadedPeerConfig = { ok: true; config: PeerProcessConfig; warnings: readonly string[] } | { ok: false; errors: readonly string[] };

/**
 * Read a core.yaml text (and the environment) into a peer process's configuration. Relative file
 * paths are resolved against `baseDir` (Fabric: the directory of core.yaml).
 */
export function loadPeerConfig(yamlText: string, env: Readonly<Record<string, string | undefined>>, baseDir: string, profile: ProfileName = 'fabric-2.x'): LoadedPeerConfig {
  let doc: unknown;
  try {
    doc = parse(yamlText) ?? {};
  } catch (e) {
    return { ok: false, errors: [`core.yaml: ${String(e)}`] };
  }
  const errors: string[] = [];
  const raw = (key: string): string | undefined => {
    const fromEnv = env[envNameOf(key)];
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    const v = lookup(doc, key);
    return v === undefined || v === null ? undefined : typeof v === 'object' ? JSON.stringify(v) : String(v as string | number | boolean | bigint);
  };
  const required = (key: string): string => {
    const v = raw(key);
    if (v === undefined || v === '') errors.push(`${key} (${envNameOf(key)}) must be set`);
    return v ?? '';
  };
  const path = (v: string): string => (v === '' || isAbsolute(v) ? v : resolve(baseDir, v));
  const address = required(PROCESS_KEYS.address);
  const tlsEnabled = (raw(PROCESS_KEYS.tlsEnabled) ?? 'true').toLowerCase() === 'true';
  if (!tlsEnabled) errors.push('peer.tls.enabled: this runtime runs gossip over mutual TLS only');
  const gossip = loadConfig({ base: profile, yaml: yamlText, env });
  if (!gossip.ok) errors.push(...gossip.errors.map((e) => e.message));
  const config: PeerProcessConfig = {
    id: required(PROCESS_KEYS.id),
    address,
    listenAddress: raw(PROCESS_KEYS.listenAddress) ?? address,
    localMspId: required(PROCESS_KEYS.localMspId),
    mspConfigPath: path(required(PROCESS_KEYS.mspConfigPath)),
    fileSystemPath: path(required(PROCESS_KEYS.fileSystemPath)),
    tls: { enabled: tlsEnabled, certFile: path(required(PROCESS_KEYS.tlsCert)), keyFile: path(required(PROCESS_KEYS.tlsKey)), rootCertFile: path(required(PROCESS_KEYS.tlsRoot)) },
    operationsListenAddress: raw(PROCESS_KEYS.operations) ?? '127.0.0.1:9443',
    channelConfigPath: path(required(PROCESS_KEYS.channelConfigPath)),
    gossip: gossip.ok ? gossip.config : (undefined as never),
  };
  if (errors.length > 0 || !gossip.ok) return { ok: false, errors };
  return { ok: true, config, warnings: gossip.warnings.map((w) => w.message) };
}

/** `host:port` → its parts; throws RangeError for anything else. */
export function splitAddress(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(':');
  const port = Number(address.slice(i + 1));
  if (i <= 0 || !Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`not a host:port address: ${JSON.stringify(address)}`);
  return { host: address.slice(0, i), port };
}

export const configDir = (file: string): string => dirname(resolve(file));
