/**
 * [EXP-FUNC-CONFIGS.1] The named configurations `explore` knows, each with the bounds it runs with
 * by default (the tool's arguments override depth and max states).
 */
import type { ExploreModel } from './model';
import { electionModel } from './models/election';
import { pullModel } from './models/pull';
import { membershipModel } from './models/membership';
import type { ExploreOptions } from './search';

export interface NamedConfig {
  readonly name: string;
  readonly model: () => ExploreModel<unknown, unknown, unknown>;
  readonly options: ExploreOptions;
}

const erase = <S, M, T>(f: () => ExploreModel<S, M, T>) => f as unknown as () => ExploreModel<unknown, unknown, unknown>;

export const CONFIGS: readonly NamedConfig[] = [
  { name: 'election-3', model: erase(() => electionModel({ peers: 3 })), options: { depth: 11, maxStates: 500_000, losses: 1, duplicates: 0 } },
  { name: 'election-3-yield', model: erase(() => electionModel({ peers: 3, yielders: [0] })), options: { depth: 10, maxStates: 500_000, losses: 1, duplicates: 0 } },
  {
    name: 'pull-2',
    model: erase(() => pullModel({ peers: [{ items: ['b1'], seed: 1 }, { items: ['b2'], seed: 2 }] })),
    options: { depth: 14, maxStates: 500_000, losses: 1, duplicates: 1 },
  },
  {
    // Two identical peers: the one configuration of pull where renaming is an automorphism.
    name: 'pull-2-sym',
    model: erase(() => pullModel({ peers: [{ items: ['b1'], seed: 1 }, { items: ['b1'], seed: 1 }] })),
    options: { depth: 14, maxStates: 500_000, losses: 1, duplicates: 1 },
  },
  {
    name: 'membership-2',
    model: erase(() => membershipModel({ peers: 2, bootstrap: [[], [0]], seeds: [1, 2] })),
    options: { depth: 10, maxStates: 500_000, losses: 1, duplicates: 0 },
  },
  {
    name: 'membership-2-sym',
    model: erase(() => membershipModel({ peers: 2, bootstrap: [[1], [0]], seeds: [1, 1] })),
    options: { depth: 10, maxStates: 500_000, losses: 1, duplicates: 0 },
  },
  {
    name: 'membership-3',
    model: erase(() => membershipModel({ peers: 3, bootstrap: [[], [0], [0]], seeds: [1, 2, 3] })),
    options: { depth: 7, maxStates: 500_000, losses: 0, duplicates: 0 },
  },
];

export function configNamed(name: string): NamedConfig | undefined {
  return CONFIGS.find((c) => c.name === name);
}
