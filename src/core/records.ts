/**
 * Reading a plain record by a key that came from the wire. `record[key]` would find
 * `Object.prototype`'s members for keys such as "constructor" or "toString" (both valid Fabric
 * channel names or PKI-ID strings), so every lookup by an untrusted key goes through `own`.
 */
export function own<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
