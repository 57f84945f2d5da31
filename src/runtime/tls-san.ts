/**
 * Subject alternative names on a TLS certificate, as cryptogen puts them on every node's TLS
 * certificate (internal/cryptogen/ca `SignCertificate` with the node's host names and the
 * template's SANS): a DNS name per host name and an IP address per address. src/core's issuer
 * makes certificates without them, so a node's TLS certificate is issued there and re-signed here
 * by the same CA with the extension added ([GEN-FUNC-RUNTIME-TLS-HOSTNAME.1]). Signatures use
 * RFC 6979 nonces, so seeded material stays byte-identical from run to run.
 */
import { isIP } from 'node:net';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { Certificate, Extension, Extensions, GeneralName, SubjectAlternativeName, id_ce_subjectAltName } from '@peculiar/asn1-x509';
import { p256 } from '@noble/curves/p256';
import { sha256 } from '@noble/hashes/sha256';
import { derToPem, pemToDer } from '../core';

/** The certificate with a SubjectAlternativeName extension naming `hosts`, signed again by its issuer's key. */
export function withSubjectAltNames(certPem: string, issuerPrivateKeyHex: string, hosts: readonly string[]): string {
  const der = pemToDer(certPem);
  if (der === undefined) throw new RangeError('not a PEM certificate');
  const cert = AsnConvert.parse(der, Certificate);
  const names = new SubjectAlternativeName(hosts.map((h) => new GeneralName(isIP(h) === 0 ? { dNSName: h } : { iPAddress: h })));
  const tbs = cert.tbsCertificate;
  const others = (tbs.extensions ?? []).filter((e) => e.extnID !== id_ce_subjectAltName);
  tbs.extensions = new Extensions([...others, new Extension({ extnID: id_ce_subjectAltName, critical: false, extnValue: new OctetString(AsnConvert.serialize(names)) })]);
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const signature = p256.sign(sha256(tbsDer), issuerPrivateKeyHex).toDERRawBytes();
  const signed = new Certificate({ tbsCertificate: tbs, signatureAlgorithm: cert.signatureAlgorithm, signatureValue: signature.slice().buffer });
  return derToPem(new Uint8Array(AsnConvert.serialize(signed)));
}
