/**
 * Collecting the raw settings of the two override layers: a YAML document shaped like Fabric's
 * core.yaml, and environment variables named the way a Fabric peer's viper names them. Values
 * stay raw here (coerce.ts types them); what matters is which key each came from.
 */
import { Alias, isAlias, isMap, isScalar, isSeq, parseDocument, Scalar, type Document, type Node } from 'yaml';
import { configError, configWarning, type ConfigError, type ConfigWarning } from './errors';
import { envNameOf, isUnmodelledGossipKey, KEY_SPECS, specForKey, UNMODELLED_GOSSIP_KEYS, type KeySpec } from './keys';

export interface RawSetting {
  readonly spec: KeySpec;
  readonly raw: unknown;
  readonly from: 'yaml' | 'env';
}

export interface Layer {
  readonly settings: readonly RawSetting[];
  readonly errors: readonly ConfigError[];
  readonly warnings: readonly ConfigWarning[];
}

/** [CFG-FUNC-YAML-LAYER.1] The settings a core.yaml-shaped document makes (`peer: { gossip: ..., deliveryclient: ... }`). */
export function yamlLayer(text: string): Layer {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    return { settings: [], errors: doc.errors.map((e) => configError('(yaml)', text.length > 60 ? `${text.slice(0, 57)}...` : text, e.message)), warnings: [] };
  }
  const acc: Acc = { settings: [], errors: [], warnings: [] };
  const root = toPlain(doc, doc.contents);
  if (root === null || root === undefined) return acc;
  if (!isRecord(root)) return { ...acc, errors: [configError('(yaml)', root, 'the document must be a map with a peer section')] };
  const peer = entry(acc, root, '', 'peer');
  if (peer === undefined || peer === null) return acc;
  if (!isRecord(peer)) return { ...acc, errors: [configError('peer', peer, 'expected a map')] };
  for (const section of ['gossip', 'deliveryclient']) {
    const node = entry(acc, peer, 'peer.', section);
    if (node === undefined || node === null) continue;
    if (!isRecord(node)) acc.errors.push(configError(`peer.${section}`, node, 'expected a map'));
    else walk(acc, `peer.${section}`, node);
  }
  return acc;
}

interface Acc {
  settings: RawSetting[];
  errors: ConfigError[];
  warnings: ConfigWarning[];
}

/** A map entry by name, matched case-insensitively as viper does; two spellings of one key are an error. */
function entry(acc: Acc, map: Record<string, unknown>, prefix: string, name: string): unknown {
  const hits = Object.keys(map).filter((k) => k.toLowerCase() === name.toLowerCase());
  if (hits.length > 1) acc.errors.push(configError(`${prefix}${name}`, hits, 'set more than once (Fabric matches keys without regard to case)'));
  return hits[0] === undefined ? undefined : map[hits[0]];
}

function walk(acc: Acc, prefix: string, map: Record<string, unknown>): void {
  const seen = new Map<string, string>();
  for (const [name, value] of Object.entries(map)) {
    const key = `${prefix}.${name}`;
    const lower = key.toLowerCase();
    const twin = seen.get(lower);
    if (twin !== undefined) {
      acc.errors.push(configError(key, value, `set twice, also as ${twin} (Fabric matches keys without regard to case)`));
      continue;
    }
    seen.set(lower, key);
    const spec = specForKey(key);
    const hasChildren = KEY_SPECS.some((s) => s.key.toLowerCase().startsWith(`${lower}.`));
    // [CFG-FUNC-YAML-LAYER.1] an empty value (`endpoint:`) leaves the key unset in this layer.
    if (spec) {
      if (value !== null) acc.settings.push({ spec, raw: value, from: 'yaml' });
    } else if (hasChildren) {
      if (isRecord(value)) walk(acc, key, value);
      else if (value !== null) acc.errors.push(configError(key, value, 'expected a map'));
    } else {
      unknownKey(acc, key, value);
    }
  }
}

/** [CFG-FUNC-UNKNOWN-KEY.1] Fabric (viper) ignores keys it does not read; so do we, with a warning under peer.gossip. */
function unknownKey(acc: Acc, key: string, value: unknown): void {
  if (!key.toLowerCase().startsWith('peer.gossip.')) return; // peer.deliveryclient has many keys unrelated to gossip
  if (isUnmodelledGossipKey(key)) {
    if (value === null) return; // set to nothing, as core.yaml does for stateInfoRetentionInterval
    acc.warnings.push(configWarning(key, value, 'a Fabric key this implementation does not model; ignored'));
  } else {
    acc.warnings.push(configWarning(key, value, 'not a Fabric gossip key; ignored, as Fabric ignores unknown keys (misspelt?)'));
  }
}

/**
 * YAML to plain values. A plain scalar that YAML reads as a number but that is not written as a
 * plain decimal (`0x10`, `010`, `0o7`, `1e3`) is kept as its source text, because YAML 1.1 parsers
 * (older viper) and YAML 1.2 disagree on such numbers; coercion then rejects it by name.
 */
function toPlain(doc: Document, node: Node | null | undefined): unknown {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return toPlain(doc, (node as Alias).resolve(doc) as Node | undefined);
  if (isScalar(node)) return scalarValue(node);
  if (isSeq(node)) return node.items.map((item) => toPlain(doc, item as Node));
  if (isMap(node)) {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>; // a `__proto__` key stays a key
    for (const pair of node.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      out[k] = toPlain(doc, pair.value as Node | null);
    }
    return out;
  }
  return null;
}

function scalarValue(node: Scalar): unknown {
  const v = node.value;
  // Quoted text tagged as a number (`!!int "010"`) is held to the same rule: yaml.v3 reads "010" with
  // Go's ParseInt base 0 (8), the yaml package as YAML 1.2 (10).
  if (typeof v === 'number' && node.source !== undefined) {
    if (!/^[+-]?(0|[1-9][0-9]*)(\.[0-9]*)?$/.test(node.source)) return node.source;
  }
  return v;
}

/**
 * [CFG-FUNC-ENV-OVERRIDE.1] The settings made by environment variables: CORE_ + the key in upper
 * case with '.' → '_'. An empty value is ignored (viper's AllowEmptyEnv is off). A CORE_PEER_GOSSIP_*
 * name that is no key we model is reported as a warning (Fabric ignores it silently).
 */
export function envLayer(env: Readonly<Record<string, string | undefined>>): Layer {
  const settings: RawSetting[] = [];
  const warnings: ConfigWarning[] = [];
  const known = new Set<string>();
  for (const spec of KEY_SPECS) {
    const name = envNameOf(spec.key);
    known.add(name);
    const raw = env[name];
    if (raw === undefined) continue;
    if (raw === '') warnings.push(configWarning(name, raw, `empty, so ${spec.key} is not overridden (Fabric ignores empty variables too)`));
    else settings.push({ spec, raw, from: 'env' });
  }
  for (const name of Object.keys(env)) {
    if (!name.startsWith('CORE_PEER_GOSSIP_') || known.has(name)) continue;
    const unmodelled = UNMODELLED_GOSSIP_KEYS.map(envNameOf).some((u) => name === u || name.startsWith(`${u}_`));
    const reason = unmodelled ? 'a Fabric setting this implementation does not model; ignored' : 'names no gossip key; ignored, as Fabric ignores it (misspelt?)';
    warnings.push(configWarning(name, env[name], reason));
  }
  return { settings, errors: [], warnings };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
