/**
 * The deterministic simulator: a world of peers driven by their PeerReducers, with virtual time,
 * a seeded network (latency, loss, duplication, partitions), crashes and restarts, and an ordering
 * service. See spec/sim.md for what it guarantees.
 */
export * from './world';
export { countOf, counterEntries, type Counters } from './counters';
export * from './trace-types';
export { createWorld, simplePeerSpec, defaultHashBlock, type CreateWorldOptions } from './create';
export { stepWorld, stepWorldWithChoice, choiceFromInt, choiceTime, nextEventTime, advanceTo, advanceBy, setClock, NEXT, type Choice } from './step';
export { partition, heal, crash, restart, setNetwork, setOrdererReachable, inject, command, cutBlock, INJECTOR } from './commands';
export * from './query';
export * from './schedule';
export * from './run';
export * from './checks';
export * from './trace';
export * from './summary';
export * from './arbitraries';
export * from './swarm';
export type { HandshakeAdversary, TransportOptions, Transport, ConnectionRecord, SideVerdict, PairOutcome } from './transport/types';
export { runHandshakePair, type PairRequest } from './transport/pair';
export { setHandshakeAdversary } from './transport/commands';
export { type PVec, vecGet, vecToArray, vecFrom } from './pvec';
export { type Treap, type TreapNode, treapToArray, treapSize } from './treap';
export * from './byzantine';
