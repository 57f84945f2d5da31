/**
 * Crypto material for a networked peer, as Fabric's cryptogen lays it out: per org a signing CA
 * (the MSP's root) and a TLS CA, per node a signing certificate (its MSP identity) and a TLS
 * certificate, every one issued by the project's X.509 code (src/core/crypto/x509-issue.ts). Keys
 * come from node:crypto, or from a seed for reproducible tests ([GEN-FUNC-RUNTIME-CRYPTO-MATERIAL.1]).
 *
 * The identity string is the X.509 suite's `<mspId>\n<PEM>` (Fabric's SerializedIdentity); the TLS
 * private key is handed to Node's TLS as PKCS#8 PEM. A TLS certificate names the node's hosts in
 * its subject alternative names (by default its name, the name's first label, `localhost` and
 * `127.0.0.1`, as cryptogen adds the template's SANS), since a dialler checks the host it dialled
 * against them ([GEN-FUNC-RUNTIME-TLS-HOSTNAME.1]).
 */
import { createHash, createPrivateKey, randomBytes, type KeyObject } from 'node:crypto';
import { p256 } from '@noble/curves/p256';
import { createX509Suite, issueCa, issuePeerCert, pemToDer, type IssuedCertificate, type SigningKey, type X509Suite } from '../core';
import { withSubjectAltNames } from './tls-san';

/** Certificates are valid from a little before `nowMs` (whole seconds) for this long. */
export const MATERIAL_VALIDITY_MS = 365 * 24 * 3600 * 1000;

export interface NodeMaterial {
  readonly mspId: string;
  readonly name: string;
  /** The MSP signing key: identity `<mspId>\n<PEM>` and private key hex. */
  readonly signKey: SigningKey;
  readonly signCertPem: string;
  /** TLS certificate (server and client, as a Fabric peer uses one for both) and its key as PKCS#8 PEM. */
  readonly tlsCertPem: string;
  readonly tlsKeyPem: string;
}

export interface OrgMaterial {
  readonly mspId: string;
  readonly caCertPem: string;
  readonly tlsCaCertPem: string;
}

export interface NetworkMaterial {
  readonly orgs: readonly OrgMaterial[];
  readonly nodes: readonly NodeMaterial[];
}

export interface MaterialRequest {
  /** Orgs and the names of their nodes (peers, or the orderer). */
  readonly orgs: readonly { readonly mspId: string; readonly nodes: readonly string[] }[];
  /** When the certificates start being valid (rounded down to a second, minus an hour of skew). */
  readonly nowMs: number;
  /** Derive every key from this seed (tests); absent: keys from node:crypto's CSPRNG. */
  readonly seed?: number;
  /** The host names and addresses a node's TLS certificate names (default `defaultTlsHosts`). */
  readonly tlsHosts?: (name: string) => readonly string[];
}

/** cryptogen's TLS SANs for a node (its name and short name) plus the loopback names a local network dials. */
export const defaultTlsHosts = (name: string): readonly string[] => [...new Set([name, name.split('.')[0] as string, 'localhost', '127.0.0.1'])];

function privateKeyHex(seed: number | undefined, label: string): string {
  for (let attempt = 0; ; attempt++) {
    const candidate =
      seed === undefined
        ? randomBytes(32).toString('hex')
        : createHash('sha256').update(`fabric-gossip-ref runtime key|${seed}|${label}|${attempt}`).digest('hex');
    if (p256.utils.isValidPrivateKey(candidate)) return candidate;
  }
}

/** A P-256 private key (64 hex digits) as a Node KeyObject. */
export function privateKeyObject(privateKeyHex: string): KeyObject {
  const d = Buffer.from(privateKeyHex, 'hex');
  const pub = p256.getPublicKey(d, false);
  const b64u = (b: Uint8Array) => Buffer.from(b).toString('base64url');
  return createPrivateKey({ key: { kty: 'EC', crv: 'P-256', d: b64u(d), x: b64u(pub.slice(1, 33)), y: b64u(pub.slice(33, 65)) }, format: 'jwk' });
}

export const privateKeyPem = (privateKeyHex: string): string => privateKeyObject(privateKeyHex).export({ type: 'pkcs8', format: 'pem' }).toString();

/** [GEN-FUNC-RUNTIME-CRYPTO-MATERIAL.1] Issue every CA and node certificate of a network. */
export function issueNetworkMaterial(request: MaterialRequest): NetworkMaterial {
  const notBeforeMs = Math.floor(request.nowMs / 1000) * 1000 - 3_600_000;
  const notAfterMs = notBeforeMs + MATERIAL_VALIDITY_MS;
  const template = (org: string, commonName: string, serial: bigint) => ({
    organization: org,
    commonName,
    privateKeyHex: privateKeyHex(request.seed, `${org}/${commonName}`),
    serial,
    notBeforeMs,
    notAfterMs,
  });
  const orgs: OrgMaterial[] = [];
  const nodes: NodeMaterial[] = [];
  for (const org of request.orgs) {
    const ca = issueCa(template(org.mspId, `ca.${org.mspId}`, 1n));
    const tlsCa = issueCa(template(org.mspId, `tlsca.${org.mspId}`, 1n));
    orgs.push({ mspId: org.mspId, caCertPem: ca.certPem, tlsCaCertPem: tlsCa.certPem });
    org.nodes.forEach((name, i) => {
      const sign = issuePeerCert(ca, template(org.mspId, name, BigInt(2 + i)));
      const tls: IssuedCertificate = issuePeerCert(tlsCa, template(org.mspId, `tls.${name}`, BigInt(2 + i)));
      const hosts = (request.tlsHosts ?? defaultTlsHosts)(name);
      nodes.push({
        mspId: org.mspId,
        name,
        signKey: { identity: `${org.mspId}\n${sign.certPem}`, secret: sign.privateKeyHex },
        signCertPem: sign.certPem,
        tlsCertPem: hosts.length === 0 ? tls.certPem : withSubjectAltNames(tls.certPem, tlsCa.privateKeyHex, hosts),
        tlsKeyPem: privateKeyPem(tls.privateKeyHex),
      });
    });
  }
  return { orgs, nodes };
}

/** The X.509 suite of a network: one MSP per org, rooted at its signing CA. */
export const suiteOf = (orgs: readonly OrgMaterial[]): X509Suite => createX509Suite({ msps: orgs.map((o) => ({ mspId: o.mspId, caCertPem: o.caCertPem })) });

/** Every org's TLS CA, concatenated: what a node trusts on TLS connections. */
export const tlsRootsPem = (orgs: readonly OrgMaterial[]): string => orgs.map((o) => o.tlsCaCertPem).join('');

/**
 * [GEN-FUNC-RUNTIME-TLS-BINDING.1] Fabric's certHashFromRawCert: SHA-256 of the certificate's DER,
 * as a model byte string (one char per byte, the wire codec's `bytes` mapping).
 */
export function tlsCertHash(der: Uint8Array): string {
  return createHash('sha256').update(der).digest().toString('latin1');
}

/** The hash of a PEM certificate's DER; throws RangeError for a PEM that is not a certificate. */
export function tlsCertHashOfPem(pem: string): string {
  const der = pemToDer(pem);
  if (der === undefined) throw new RangeError('not a PEM certificate');
  return tlsCertHash(der);
}

export function nodeOf(material: NetworkMaterial, name: string): NodeMaterial {
  const node = material.nodes.find((n) => n.name === name);
  if (node === undefined) throw new RangeError(`no crypto material for ${JSON.stringify(name)}`);
  return node;
}
