/**
 * Crypto material on disk in Fabric's MSP folder layout, as `cryptogen` writes it, and the channel
 * file that names the orgs' MSPs and the ordering service ([GEN-FUNC-RUNTIME-MSP-LAYOUT.1]):
 *
 *   <node>/msp/signcerts/<name>-cert.pem     the node's signing (MSP identity) certificate
 *   <node>/msp/keystore/priv_sk              its private key, PKCS#8 PEM (older cryptogen: <ski>_sk)
 *   <node>/msp/cacerts/ca.<domain>-cert.pem  the org's signing CA
 *   <node>/msp/tlscacerts/tlsca.<domain>-cert.pem
 *   <node>/tls/server.crt, server.key, ca.crt
 *   <org>/msp/cacerts/..., <org>/msp/tlscacerts/...   the org's MSP (what a channel config names)
 *
 * Reading takes any file names: the signing certificate is the first `*.pem` of signcerts (sorted,
 * as Go's ReadDir), the private key is the `*_sk` file of keystore whose public key is the
 * certificate's (Fabric's file keystore finds a key by its subject key identifier and, failing
 * that, by scanning the folder), the CA is the first `*.pem` of cacerts, the TLS CAs every `*.pem`
 * of tlscacerts.
 *
 * channel.json (decoded with io-ts when read): the channel, its config sequence, every org's MSP
 * folder and anchor peers, and the ordering service (address, MSP folder, identity certificate).
 */
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as t from 'io-ts';
import { decodeWith, type SigningKey } from '../core';
import { privateKeyPem, type NodeMaterial, type OrgMaterial } from './crypto-material';

/** The org's domain of a node name (`peer0.org1.example.com` → `org1.example.com`; a name without dots is its own domain). */
export const domainOf = (name: string): string => (name.includes('.') ? name.slice(name.indexOf('.') + 1) : name);

function put(dir: string, sub: string, file: string, text: string): void {
  mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, sub, file), text, { mode: 0o600 });
}

/** An org's MSP folder (cacerts, tlscacerts), as cryptogen writes `<org>/msp`. */
export function writeOrgMsp(dir: string, org: OrgMaterial, domain: string): void {
  put(dir, 'cacerts', `ca.${domain}-cert.pem`, org.caCertPem);
  put(dir, 'tlscacerts', `tlsca.${domain}-cert.pem`, org.tlsCaCertPem);
}

/** A node's MSP folder, as cryptogen writes `<node>/msp`. */
export function writeMsp(dir: string, node: NodeMaterial, org: OrgMaterial, domain = domainOf(node.name)): void {
  writeOrgMsp(dir, org, domain);
  put(dir, 'signcerts', `${node.name}-cert.pem`, node.signCertPem);
  put(dir, 'keystore', 'priv_sk', privateKeyPem(node.signKey.secret));
}

export function writeTls(dir: string, node: NodeMaterial, org: OrgMaterial): void {
  put(dir, '.', 'server.crt', node.tlsCertPem);
  put(dir, '.', 'server.key', node.tlsKeyPem);
  put(dir, '.', 'ca.crt', org.tlsCaCertPem);
}

function filesOf(dir: string, suffix: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw new RangeError(`${dir}: cannot read the folder`);
  }
  return names.filter((n) => n.endsWith(suffix)).sort().map((n) => join(dir, n));
}

function firstPem(dir: string): string {
  const first = filesOf(dir, '.pem')[0];
  if (first === undefined) throw new RangeError(`${dir}: no *.pem certificate`);
  return readFileSync(first, 'utf8');
}

/** An org's CA certificates from its MSP folder: the signing CA (first of cacerts) and every TLS CA. */
export function readOrgMsp(mspDir: string): { caCertPem: string; tlsCaCertsPem: string } {
  const tls = filesOf(join(mspDir, 'tlscacerts'), '.pem').map((f) => readFileSync(f, 'utf8'));
  if (tls.length === 0) throw new RangeError(`${join(mspDir, 'tlscacerts')}: no *.pem certificate`);
  return { caCertPem: firstPem(join(mspDir, 'cacerts')), tlsCaCertsPem: tls.join('') };
}

/** The signing certificate of an MSP folder (the first `*.pem` of signcerts). */
export const readSignCert = (mspDir: string): string => firstPem(join(mspDir, 'signcerts'));

/**
 * [GEN-FUNC-RUNTIME-MSP-LAYOUT.1] The signing key of an MSP folder: identity `<mspId>\n<PEM>` of
 * the signing certificate, and the private key (hex) of the keystore's `*_sk` file that matches it.
 */
export function readSigningKey(mspDir: string, mspId: string): SigningKey {
  const certPem = readSignCert(mspDir);
  const certKey = new X509Certificate(certPem).publicKey.export({ format: 'jwk' });
  const keystore = join(mspDir, 'keystore');
  for (const file of filesOf(keystore, '_sk')) {
    let d: string | undefined;
    try {
      const key = createPrivateKey(readFileSync(file, 'utf8'));
      const pub = createPublicKey(key).export({ format: 'jwk' });
      if (pub.x === certKey.x && pub.y === certKey.y) d = key.export({ format: 'jwk' }).d;
    } catch {
      d = undefined; // not a private key: Fabric's keystore skips what it cannot read
    }
    if (d !== undefined) return { identity: `${mspId}\n${certPem}`, secret: Buffer.from(d, 'base64url').toString('hex').padStart(64, '0') };
  }
  throw new RangeError(`${keystore}: no *_sk private key matches the certificate in ${join(mspDir, 'signcerts')}`);
}

const AnchorPeer = t.type({ host: t.string, port: t.number });
export const ChannelFile = t.type(
  {
    channel: t.string,
    sequence: t.number,
    orgs: t.array(t.type({ mspId: t.string, mspDir: t.string, anchorPeers: t.array(AnchorPeer) })),
    orderer: t.type({ mspId: t.string, address: t.string, mspDir: t.string, identityCertFile: t.string }),
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
  const orgOf = (mspId: string, dir: string): OrgMaterial & { tlsCaCertsPem: string } => {
    const m = readOrgMsp(dir);
    return { mspId, caCertPem: m.caCertPem, tlsCaCertPem: m.tlsCaCertsPem, tlsCaCertsPem: m.tlsCaCertsPem };
  };
  const msps = [...channel.orgs.map((o) => orgOf(o.mspId, o.mspDir)), orgOf(channel.orderer.mspId, channel.orderer.mspDir)];
  return {
    msps: msps.map(({ mspId, caCertPem, tlsCaCertPem }) => ({ mspId, caCertPem, tlsCaCertPem })),
    tlsRootsPem: msps.map((m) => m.tlsCaCertsPem).join(''),
    ordererIdentity: `${channel.orderer.mspId}\n${readFileSync(channel.orderer.identityCertFile, 'utf8')}`,
  };
}

/** The channel's config as the channel file holds it (the config of its genesis block). */
export function channelConfigOf(channel: ChannelFile): { channel: string; sequence: number; orgs: { mspId: string; anchorPeers: { host: string; port: number }[] }[] } {
  return { channel: channel.channel, sequence: channel.sequence, orgs: channel.orgs.map((o) => ({ mspId: o.mspId, anchorPeers: o.anchorPeers })) };
}

/** The JOIN_CHANNEL command of the channel file (Fabric: joining with the genesis block's config). */
export function joinOf(channel: ChannelFile): unknown {
  return { type: 'JOIN_CHANNEL', ...channelConfigOf(channel) };
}
