export * from './params';
export * from './inputs';
export * from './context';
export { cacheInOrder, cachedOf, cacheWith, emptyStateInfoCache, type CachedStateInfo, type StateInfoCache } from './cache';
export { channelMachine, createChannelMachine, type ChannelMachine } from './machine';
export * from './queries';
export * from './step';
export * from './invariants';
export { stateInfoMessage, stateInfoPullRequest, stateInfoSnapshot } from './wire';
