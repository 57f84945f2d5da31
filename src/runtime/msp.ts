/**
 * Crypto material on disk, laid out as Fabric's cryptogen lays it out, and the channel file that
 * stands in for the channel's config block ([GEN-FUNC-RUNTIME-CORE-YAML.1]):
 *
 *   <msp>/signcerts/cert.pem, <msp>/keystore/priv_sk (PKCS#8 PEM), <msp>/cacerts/ca.pem,
 *   <msp>/tlscacerts/tlsca.pem; <tls>/server.crt, <tls>/server.key, <tls>/ca.crt
 *
 * channel.json (decoded with io-ts when read): the channel, its config sequence, every org's CA
 * and TLS CA and anchor peers, and the ordering service (address, identity certificate, CAs).
 */
import { createPrivateKey } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as t from 'io-ts';
import { decodeWith, type SigningKey } from '../core';
import { privateKeyPem, type NodeMaterial, type OrgMaterial } from './crypto-material';

export function writeMsp(dir: string, node: NodeMaterial, org: OrgMaterial): void {
  const put = (sub: string, file: string, text: string) => {
    mkdirSync(join(dir, sub), { recursive: true });
    writeFileSync(join(dir, sub, file), text, { mode: 0o600 });
  };
  put('signcerts', 'cert.pem', node.signCertPem);
  put('keystore', 'priv_sk', privateKeyPem(node.signKey.secret));
  put('cacerts', 'ca.pem', org.caCertPem);
  put('tlscacerts', 'tlsca.pem', org.tlsCaCertPem);
}

export function writeTls(dir: string, node: NodeMaterial, org: OrgMaterial): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'server.crt'), node.tlsCertPem);
  writeFileSync(join(dir, 'server.key'), node.tlsKeyPem, { mode: 0o600 });
  writeFileSync(join(dir, 'ca.crt'), org.tlsCaCertPem);
}

/** The signing key in an MSP directory: identity `<mspId>\n<PEM>`, private key as hex. */
export function readSigningKey(mspDir: string, mspId: string): SigningKey {
  const certPem = readFileSync(join(mspDir, 'signcerts', 'cert.pem'), 'utf8');
  const jwk = createPrivateKey(readFileSync(join(mspDir, 'keystore', 'priv_sk'), 'utf8')).export({ format: 'jwk' });
  if (typeof jwk.d !== 'string') throw new RangeError(`${mspDir}: keystore/priv_sk is not an EC private key`);
  return { identity: `${mspId}\n${certPem}`, secret: Buffer.from(jwk.d, 'base64url').toString('hex').padStart(64, '0') };
}

const AnchorPeer = t.type({ host: t.string, port: t.number });
export const ChannelFile = t.type(
  {
    channel: t.string,
    sequence: t.number,
    orgs: t.array(t.type({ mspId: t.string, caCertFile: t.string, tlsCaCertFile: t.string, anchorPeers: t.array(AnchorPeer) })),
    orderer: t.type({ mspId: t.string, address: t.string, identityCertFile: t.string, caCertFile: t.string, tlsCaCertFile: t.string }),
  },
  'ChannelFile',
);
export type ChannelFile = t.TypeOf<typeof ChannelFile>;

export function readChannelFile(path: string): ChannelFile {
  const decoded = decodeWith(ChannelFile, JSON.parse(readFileSync(path, 'utf8')) as unknown);
  if (!decoded.ok) throw new RangeError(`${path}: ${decoded.error.message}`);
  return decoded.value;
}

/** What a node of the channel trusts: the MSPs (orgs and the orderer's), the TLS CAs, the orderer's identity. */
export function trustOf(channel: ChannelFile): { msps: OrgMaterial[]; tlsRootsPem: string; ordererIdentity: string } {
  const read = (p: string) => readFileSync(p, 'utf8');
  const msps: OrgMaterial[] = [
    ...channel.orgs.map((o) => ({ mspId: o.mspId, caCertPem: read(o.caCertFile), tlsCaCertPem: read(o.tlsCaCertFile) })),
    { mspId: channel.orderer.mspId, caCertPem: read(channel.orderer.caCertFile), tlsCaCertPem: read(channel.orderer.tlsCaCertFile) },
  ];
  return { msps, tlsRootsPem: msps.map((m) => m.tlsCaCertPem).join(''), ordererIdentity: `${channel.orderer.mspId}\n${read(channel.orderer.identityCertFile)}` };
}

/** The JOIN_CHANNEL command of the channel file (Fabric: the config block's anchor peers). */
export function joinOf(channel: ChannelFile): unknown {
  return { type: 'JOIN_CHANNEL', channel: channel.channel, sequence: channel.sequence, orgs: channel.orgs.map((o) => ({ mspId: o.mspId, anchorPeers: o.anchorPeers })) };
}
