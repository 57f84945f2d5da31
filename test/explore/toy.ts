/**
 * A toy model for the search's own tests: peer 0 sends `pings` numbered messages to peer 1 at
 * start; peer 1 counts what it receives and arms one timer per message, which does nothing. Its
 * space is finite and small enough to count by hand.
 */
import type { ExploreModel } from '../../src/explore';

export function toyModel(pings: number, options: { maxReceived?: number } = {}): ExploreModel<number, number, string> {
  return {
    name: `toy-${pings}`,
    description: 'peer 0 pings peer 1',
    peerNames: ['a', 'b'],
    timeless: true,
    init: () => [
      { state: 0, emits: Array.from({ length: pings }, (_, i) => ({ kind: 'send' as const, to: 1, message: i })), violations: [] },
      { state: 0, emits: [], violations: [] },
    ],
    deliver: (_peer, state, _from, message) => ({
      state: state + 1,
      emits: [{ kind: 'setTimer', timerId: `t${message}`, delayMs: 10, event: `tick${message}` }],
      violations: options.maxReceived !== undefined && state + 1 > options.maxReceived ? [`TOY: received ${state + 1}`] : [],
    }),
    fire: (_peer, state) => ({ state, emits: [], violations: [] }),
    stateKey: (s) => String(s),
    messageKey: (m) => String(m),
    describeMessage: (m) => `ping${m}`,
    describeState: (s) => `received ${s}`,
  };
}
