/**
 * Fabric's MSP folder layout as cryptogen writes it: `network up` writes the material that way, a
 * node reads it back whatever its file names (the signing certificate in signcerts/*.pem, the key in
 * keystore/*_sk found by its public key), and an ordering service and a peer run from the written
 * files (core.yaml's peer.mspConfigPath and peer.tls.*, orderer.yaml) in this process.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPeerConfig } from '../../src/runtime/config';
import { nodeOf, privateKeyPem } from '../../src/runtime/crypto-material';
import { startOrdererFromFiles, startPeerFromFiles, type Running } from '../../src/runtime/launch';
import { NETWORK_CHANNEL, prepareNetwork, sendAnchorUpdates, type PreparedNetwork } from '../../src/runtime/local-network';
import { readChannelFile, readSigningKey, trustOf } from '../../src/runtime/msp';
import { getJson, getText } from '../../src/runtime/ops/http-client';
import { FAST_ENV } from './network-fixture';

jest.setTimeout(60_000);

const dir = mkdtempSync(join(tmpdir(), 'fgr-msp-'));
let net: PreparedNetwork;
const running: Running[] = [];

beforeAll(async () => {
  net = await prepareNetwork({ dir, seed: 91 });
});

afterAll(async () => {
  for (const r of running.reverse()) await r.stop().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

const peerDir = (domain: string, name: string) => join(dir, 'crypto-config', 'peerOrganizations', domain, 'peers', name);

describe("runtime: Fabric's MSP folder layout", () => {
  it('[GEN-FUNC-RUNTIME-MSP-LAYOUT.1] network material is written as cryptogen writes it, and core.yaml points at it', () => {
    const node = peerDir('org1.example.com', 'peer0.org1.example.com');
    for (const file of [
      'msp/signcerts/peer0.org1.example.com-cert.pem',
      'msp/keystore/priv_sk',
      'msp/cacerts/ca.org1.example.com-cert.pem',
      'msp/tlscacerts/tlsca.org1.example.com-cert.pem',
      'tls/server.crt',
      'tls/server.key',
      'tls/ca.crt',
    ]) expect(existsSync(join(node, file))).toBe(true);
    const orgMsp = join(dir, 'crypto-config', 'peerOrganizations', 'org1.example.com', 'msp');
    expect(readdirSync(join(orgMsp, 'cacerts'))).toEqual(['ca.org1.example.com-cert.pem']);
    expect(existsSync(join(dir, 'crypto-config', 'ordererOrganizations', 'example.com', 'orderers', 'orderer.example.com', 'msp', 'signcerts', 'orderer.example.com-cert.pem'))).toBe(true);
    const peer = net.peers[0];
    const loaded = loadPeerConfig(readFileSync(peer?.args[3] as string, 'utf8'), {}, dir);
    if (!loaded.ok) throw new Error(loaded.errors.join('; '));
    expect(loaded.config.mspConfigPath).toBe(join(node, 'msp'));
    expect(loaded.config.tls).toMatchObject({ certFile: join(node, 'tls', 'server.crt'), keyFile: join(node, 'tls', 'server.key'), rootCertFile: join(node, 'tls', 'ca.crt') });
    // The channel file names each org's MSP folder; reading it gives the material's CAs.
    const trust = trustOf(readChannelFile(net.channelPath));
    expect(trust.msps.map((m) => m.mspId)).toEqual(['Org1MSP', 'Org2MSP', 'OrdererMSP']);
    expect(trust.msps[0]?.caCertPem).toBe(net.material.orgs[0]?.caCertPem);
    expect(trust.ordererIdentity).toBe(nodeOf(net.material, 'orderer.example.com').signKey.identity);
  });

  it('[GEN-FUNC-RUNTIME-MSP-LAYOUT.1] the signing key is read back whatever the file names: the keystore\'s *_sk whose public key is the certificate\'s', () => {
    const material = nodeOf(net.material, 'peer1.org2.example.com');
    const msp = join(peerDir('org2.example.com', 'peer1.org2.example.com'), 'msp');
    expect(readSigningKey(msp, 'Org2MSP')).toEqual(material.signKey);
    // Older cryptogen names the key by its subject key identifier; other keys and other files may sit beside it.
    const keystore = join(msp, 'keystore');
    renameSync(join(keystore, 'priv_sk'), join(keystore, 'c0ffee_sk'));
    writeFileSync(join(keystore, '0000_sk'), privateKeyPem(nodeOf(net.material, 'peer0.org2.example.com').signKey.secret));
    writeFileSync(join(keystore, '0001_sk'), 'not a key');
    writeFileSync(join(keystore, 'README'), 'not a key either');
    const read = readSigningKey(msp, 'Org2MSP');
    expect(read).toEqual(material.signKey);
    // No matching key, no certificate: refused, naming the folder.
    unlinkSync(join(keystore, 'c0ffee_sk'));
    expect(() => readSigningKey(msp, 'Org2MSP')).toThrow(/keystore: no \*_sk private key matches/);
    expect(() => readSigningKey(join(dir, 'nowhere'), 'Org2MSP')).toThrow(/signcerts: cannot read the folder/);
  });

  it('[GEN-FUNC-RUNTIME-MSP-LAYOUT.1] [GEN-FUNC-RUNTIME-CORE-YAML.1] [GEN-FUNC-RUNTIME-CONFIG-BLOCKS.1] an ordering service and a peer run from the written files: the peer leads its org alone, commits, and applies the anchor-peer config blocks', async () => {
    const orderer = await startOrdererFromFiles(net.orderer.args[3] as string, {}, 'error');
    running.push(orderer);
    const peer = net.peers.find((p) => p.name === 'peer0.org1.example.com');
    if (peer === undefined) throw new Error('no peer0.org1');
    running.push(await startPeerFromFiles(peer.args[3] as string, FAST_ENV, 'error'));
    const status = async () => (await getJson(peer.operations, '/status', 1000)) as { leaderOf?: Record<string, boolean>; heights?: Record<string, number>; view?: string[] } | undefined;
    let last: unknown;
    const poll = async (what: string, ok: (s: NonNullable<Awaited<ReturnType<typeof status>>>) => boolean, timeoutMs: number) => {
      const t0 = Date.now();
      for (let i = 0; i < timeoutMs / 200 && Date.now() - t0 < timeoutMs; i++) {
        const s = await status();
        last = s;
        if (s !== undefined && ok(s)) return;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
    };
    // Its bootstrap peer (peer1.org1) is not running: it elects itself after the startup grace.
    await poll('peer0.org1 to lead', (s) => s.leaderOf?.[NETWORK_CHANNEL] === true, 20_000);
    orderer.cut(NETWORK_CHANNEL);
    await poll('height 1', (s) => s.heights?.[NETWORK_CHANNEL] === 1, 15_000);
    expect(await sendAnchorUpdates(net.orderer.operations, net.anchorUpdates, 5_000)).toEqual([1, 2]);
    await poll('height 3', (s) => s.heights?.[NETWORK_CHANNEL] === 3, 15_000);
    const metrics = (await getText(peer.operations, '/metrics')) ?? '';
    expect(metrics).toMatch(/runtime_config_blocks_total\{channel="mychannel",peer="peer0\.org1\.example\.com"\} 2/);
  });
});
