/**
 * PEM armour for X.509 certificates (RFC 7468), and nothing else: the DER inside is the ASN.1
 * library's business (x509-cert.ts). Only the canonical form is accepted, the one Go's `pem.Encode`
 * writes: `-----BEGIN CERTIFICATE-----\n`, base64 in lines of 64 characters, `-----END
 * CERTIFICATE-----\n`. A certificate then has exactly one PEM text, so one identity string and one
 * PKI-ID. Base64 uses the platform's `atob`/`btoa` (pure functions of their argument).
 */

const BEGIN = '-----BEGIN CERTIFICATE-----\n';
const END = '-----END CERTIFICATE-----\n';
/** RFC 7468 §2: generators wrap base64 at 64 characters. */
const LINE_CHARS = 64;

/** Bytes per `String.fromCharCode` call: spreading a large array at once overflows the stack. */
const CHUNK_BYTES = 0x2000;

export function derToPem(der: Uint8Array): string {
  let binary = '';
  for (let at = 0; at < der.length; at += CHUNK_BYTES) binary += String.fromCharCode(...der.subarray(at, at + CHUNK_BYTES));
  const base64 = btoa(binary);
  const lines: string[] = [];
  for (let at = 0; at < base64.length; at += LINE_CHARS) lines.push(base64.slice(at, at + LINE_CHARS));
  return `${BEGIN}${lines.join('\n')}\n${END}`;
}

/**
 * The DER bytes of a canonical certificate PEM, or undefined for anything else (other labels,
 * headers, CRLF, text around the block, bad base64, a non-canonical wrap).
 */
export function pemToDer(pem: string): Uint8Array | undefined {
  if (!pem.startsWith(BEGIN) || !pem.endsWith(END) || pem.length <= BEGIN.length + END.length) return undefined;
  const body = pem.slice(BEGIN.length, pem.length - END.length);
  let binary: string;
  try {
    binary = atob(body.replace(/\n/g, ''));
  } catch {
    return undefined;
  }
  const der = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  // Round trip: rejects every other wrap, whitespace and base64 padding variant of the same bytes.
  return derToPem(der) === pem ? der : undefined;
}
