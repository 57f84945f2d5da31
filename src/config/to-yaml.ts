/**
 * A configuration written back as a core.yaml fragment with Fabric's key names and Go duration
 * syntax, e.g. for a CLI that prints the effective configuration. Loading the text over any
 * profile gives the same configuration back, as long as no zero-means-default key holds 0
 * ([CFG-FUNC-YAML-LAYER.1], tested as a property).
 */
import { stringify } from 'yaml';
import { formatDurationMs } from './duration';
import { getField, KEY_SPECS } from './keys';
import type { GossipConfig } from './params';

export function toCoreYaml(config: GossipConfig): string {
  const root: Record<string, unknown> = {};
  for (const spec of KEY_SPECS) {
    const value = getField(config, spec.field);
    const path = spec.key.split('.');
    const leaf = path.pop() as string;
    let node = root;
    for (const part of path) node = (node[part] ??= {}) as Record<string, unknown>;
    node[leaf] = spec.kind === 'duration' ? formatDurationMs(value as number) : value;
  }
  return stringify(root);
}
