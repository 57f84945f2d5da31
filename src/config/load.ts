/**
 * Loading a peer's gossip configuration the way a Fabric peer does (viper over core.yaml), but as a
 * pure function of its inputs: a base profile, then a YAML document (the TEXT; reading the file is
 * the CLI's business), then environment variables, each layer overriding the one before key by key
 * ([CFG-FUNC-LAYERING.1]). The result is a validated GossipConfig, or every error found.
 */
import { decodeWith } from '../core';
import { configWarning, withValue, type ConfigError, type ConfigWarning } from './errors';
import { coerceValue, type KeyValue } from './coerce';
import { formatDurationMs } from './duration';
import { getField, setField, specForKey, type KeySpec } from './keys';
import { envLayer, yamlLayer, type Layer, type RawSetting } from './layers';
import { GossipConfig } from './params';
import { FABRIC_CODE_DEFAULTS, PROFILES, type Profile, type ProfileName } from './profiles';
import { decodeFailure, validateConfig } from './validate';

export interface LoadInput {
  /** What the layers override; default `fabric-2.x` (today's core.yaml). */
  readonly base?: ProfileName | Profile;
  /** A YAML document shaped like core.yaml: `peer: { gossip: {...}, deliveryclient: {...} }`. */
  readonly yaml?: string;
  /** Environment variables (CORE_PEER_GOSSIP_*, CORE_PEER_DELIVERYCLIENT_*); other names are ignored. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export type LoadResult =
  | { readonly ok: true; readonly config: GossipConfig; readonly warnings: readonly ConfigWarning[] }
  | { readonly ok: false; readonly errors: readonly ConfigError[]; readonly warnings: readonly ConfigWarning[] };

interface Setting {
  readonly spec: KeySpec;
  readonly raw: unknown;
  readonly value: KeyValue;
}

const NO_LAYER: Layer = { settings: [], errors: [], warnings: [] };
const ALIVE_EXPIRATION = 'peer.gossip.aliveExpirationTimeout';
const RECONNECT = 'peer.gossip.reconnectInterval';

export function loadConfig(input: LoadInput = {}): LoadResult {
  const profile = typeof input.base === 'object' ? input.base : PROFILES[input.base ?? 'fabric-2.x'];
  const yaml = input.yaml === undefined ? NO_LAYER : yamlLayer(input.yaml);
  const env = envLayer(input.env ?? {});
  const warnings: ConfigWarning[] = [...yaml.warnings, ...env.warnings];
  const errors: ConfigError[] = [...yaml.errors];
  // The environment wins over the document, as viper's AutomaticEnv does; only the winner is read.
  const winners = new Map<string, RawSetting>();
  for (const s of [...yaml.settings, ...env.settings]) winners.set(s.spec.key, s);
  const settings = new Map<string, Setting>();
  for (const s of winners.values()) {
    const coerced = coerceValue(s.spec, s.raw);
    if (coerced.ok) settings.set(s.spec.key, { spec: s.spec, raw: s.raw, value: coerced.value });
    else errors.push(coerced.error);
  }
  if (errors.length > 0) return { ok: false, errors, warnings };
  const resolved = resolve(profile, settings);
  warnings.push(...resolved.warnings);
  const decoded = decodeWith(GossipConfig, resolved.config);
  if (!decoded.ok) return { ok: false, errors: [decodeFailure(decoded.error, resolved.config)], warnings };
  const invalid = validateConfig(decoded.value).map((e) => withRawValue(e, settings));
  return invalid.length > 0 ? { ok: false, errors: invalid, warnings } : { ok: true, config: decoded.value, warnings };
}

/** Apply the settings over the profile, with Fabric's zero and derived defaults. */
function resolve(profile: Profile, settings: ReadonlyMap<string, Setting>): { config: GossipConfig; warnings: ConfigWarning[] } {
  const warnings: ConfigWarning[] = [];
  let config = profile.config;
  for (const { spec, raw, value } of settings.values()) {
    if (spec.key === ALIVE_EXPIRATION || spec.key === RECONNECT) continue; // derived below
    if (spec.zeroMeansDefault && value === 0) {
      // [CFG-FUNC-ZERO-MEANS-DEFAULT.1] util.GetDurationOrDefault / GetIntOrDefault: 0 reads as "not set".
      const fallback = getField(FABRIC_CODE_DEFAULTS, spec.field);
      warnings.push(zeroWarning(spec, raw, fallback));
      config = setField(config, spec.field, fallback);
    } else {
      config = setField(config, spec.field, value);
    }
  }
  // [CFG-FUNC-DERIVED-DEFAULTS.1] gossip/gossip/config.go: aliveExpirationTimeout defaults to
  // 5 × aliveTimeInterval, and reconnectInterval to aliveExpirationTimeout.
  const aet = derived(settings.get(ALIVE_EXPIRATION), profile, 5 * config.aliveTimeIntervalMs, config.aliveExpirationTimeoutMs, warnings);
  config = { ...config, aliveExpirationTimeoutMs: aet };
  const ri = derived(settings.get(RECONNECT), profile, aet, config.reconnectIntervalMs, warnings);
  return { config: { ...config, reconnectIntervalMs: ri }, warnings };
}

function derived(setting: Setting | undefined, profile: Profile, fallback: number, base: number, warnings: ConfigWarning[]): number {
  if (setting === undefined) return profile.derivesAbsentKeys ? fallback : base;
  if (setting.value !== 0) return setting.value as number;
  warnings.push(zeroWarning(setting.spec, setting.raw, fallback));
  return fallback;
}

function zeroWarning(spec: KeySpec, raw: unknown, fallback: unknown): ConfigWarning {
  const shown = spec.kind === 'duration' && typeof fallback === 'number' ? formatDurationMs(fallback) : String(fallback);
  return configWarning(spec.key, raw, `Fabric reads 0 as "not set" and uses its default ${shown} (${spec.readBy})`);
}

/** Report a rejected duration or count as it was written in the layer that set it (e.g. "-5s", not -5000). */
function withRawValue(error: ConfigError, settings: ReadonlyMap<string, Setting>): ConfigError {
  const spec = specForKey(error.key);
  const setting = spec ? settings.get(spec.key) : undefined;
  if (!spec || !setting || (spec.kind !== 'duration' && spec.kind !== 'count')) return error;
  return withValue(error, setting.raw);
}
