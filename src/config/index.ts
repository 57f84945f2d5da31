/** The gossip configuration: Fabric's keys, profiles, loading from core.yaml + environment, validation. */
export * from './errors';
export * from './duration';
export * from './params';
export * from './keys';
export * from './derived';
export * from './profiles';
export * from './coerce';
export * from './layers';
export * from './validate';
export * from './load';
export * from './to-yaml';
