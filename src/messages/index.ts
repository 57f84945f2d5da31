export * from './primitives';
export * from './block';
export * from './envelope';
export * from './content';
export * from './gossip-message';
export * from './tags';
export * from './signing';
