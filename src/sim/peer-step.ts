/**
 * Stepping one peer: call its reducer (or its init) inside a guard, store the new state, perform
 * the effects. No input may crash the simulator: a throwing reducer, or one that returns something
 * other than [state, effects], halts the world with a failure naming the peer and the input
 * ([SIM-FUNC-REDUCER-FAILURE.1]).
 */
import type { HostInput } from '../core';
import type { Draft } from './draft';
import { performEffects } from './perform';
import { vecLast } from './pvec';
import type { PeerInitContext } from './world';

export function describeError(err: unknown): string {
  try {
    return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  } catch {
    return '<an error that cannot be printed>';
  }
}

function applyResult<S>(d: Draft<S>, peer: number, result: unknown, input: HostInput | undefined): void {
  const name = d.nameOf(peer);
  if (!Array.isArray(result) || result.length !== 2 || !Array.isArray(result[1])) {
    d.fail('invalidEffect', `peer ${name} returned something other than [state, effects]`, name, input);
    return;
  }
  d.patchSlot(peer, { state: result[0] as S });
  performEffects(d, peer, result[1] as readonly unknown[], input);
}

/** Feed one input to a live peer and perform what it asks for. */
export function stepPeer<S>(d: Draft<S>, peer: number, input: HostInput): void {
  let result: unknown;
  try {
    result = d.config.reducer.step(d.slot(peer).state, input);
  } catch (err) {
    const name = d.nameOf(peer);
    d.fail('reducerThrew', `peer ${name} threw on a ${input.kind} input: ${describeError(err)}`, name, input);
    return;
  }
  applyResult(d, peer, result, input);
}

function ledgerHeights<S>(d: Draft<S>, peer: number): Record<string, number> {
  const heights: Record<string, number> = {};
  for (const [channel, ledger] of d.slot(peer).ledgers) heights[channel] = (vecLast(ledger)?.seq ?? -1) + 1;
  return heights;
}

/** [SIM-FUNC-RESTART.1] (Re)initialise a peer at the current time: world creation (incarnation 0) or a restart. */
export function initPeer<S>(d: Draft<S>, peer: number): void {
  const spec = d.directory.specs[peer];
  if (spec === undefined) throw new RangeError(`initPeer: no peer #${peer}`);
  const slot = d.slot(peer);
  const context: PeerInitContext = { incarnation: slot.incarnation, ledgerHeights: ledgerHeights(d, peer), durable: slot.durable };
  d.emit({ k: 'init', peer: spec.name, incarnation: context.incarnation });
  let result: unknown;
  try {
    result = d.config.initPeer(spec, d.nowMs, context);
  } catch (err) {
    d.fail('initThrew', `peer ${spec.name} threw in init (incarnation ${context.incarnation}): ${describeError(err)}`, spec.name);
    return;
  }
  applyResult(d, peer, result, undefined);
}
