/**
 * World commands: faults (partition, with the ordering service on one side or outside, heal, crash, restart,
 * network settings, orderer outages), local commands to a
 * peer, injected payloads, and the ordering service cutting a block. Each is one transition at
 * the current virtual time, traced, and returns a new world (a halted world is returned as is).
 * Unknown peer names and invalid settings are caller errors and throw.
 */
import type { ConnectionInfo } from '../core';
import { pkiId } from '../core';
import { Draft } from './draft';
import { cutBlock as cutOrdererBlock, dropOrdererStreams, repartitionOrderer, setReachable } from './orderer';
import { makePartition, validateNetwork } from './network';
import { initPeer, stepPeer } from './peer-step';
import { discardTimers } from './timers';
import type { FaultRecord } from './trace-types';
import type { NetworkSettings, World } from './world';

function indexOf<S>(w: World<S>, name: string): number {
  const index = w.directory.byName.get(name);
  if (index === undefined) throw new RangeError(`unknown peer ${JSON.stringify(name)}`);
  return index;
}

/** One traced transition on a Draft; a halted world takes commands as itself ([SIM-FUNC-REDUCER-FAILURE.1]). */
function transition<S>(w: World<S>, body: (d: Draft<S>) => void): World<S> {
  if (w.failure !== undefined) return w;
  const d = new Draft(w);
  d.step = w.step + 1;
  body(d);
  return d.close();
}

/** A partition as the trace records it: the groups, and the ordering service's group when the partition places it. */
type PartitionRecord = Extract<FaultRecord, { kind: 'partition' }> & { readonly ordererGroup?: number };

export interface PartitionOptions {
  /**
   * [SIM-FUNC-ORDERER-PARTITION.1] The group the ordering service is in (an index into `groups`;
   * `groups.length` is the group of the peers named in none): peers of the other groups cannot
   * reach it. Default: every peer reaches it.
   */
  readonly ordererGroup?: number;
}

/**
 * [SIM-FUNC-PARTITION.1] Messages between peers in different groups are dropped; unlisted peers form one extra group.
 * [SIM-FUNC-ORDERER-PARTITION.1] With `ordererGroup`, only that group's peers reach the ordering service.
 */
export function partition<S>(w: World<S>, groups: readonly (readonly string[])[], options: PartitionOptions = {}): World<S> {
  const value = makePartition(w.directory, groups, options.ordererGroup);
  return transition(w, (d) => {
    d.partition = value;
    const action: PartitionRecord = value.ordererGroup === undefined ? { kind: 'partition', groups: value.groups } : { kind: 'partition', groups: value.groups, ordererGroup: value.ordererGroup };
    d.emit({ k: 'fault', action });
    repartitionOrderer(d);
  });
}

/** [SIM-FUNC-PARTITION.1] Heal removes the partition: one group again. [SIM-FUNC-ORDERER-PARTITION.1] Every peer reaches the ordering service again (outages aside). */
export function heal<S>(w: World<S>): World<S> {
  return transition(w, (d) => {
    d.partition = undefined;
    d.emit({ k: 'fault', action: { kind: 'heal' } });
    repartitionOrderer(d);
  });
}

function crashIn<S>(d: Draft<S>, index: number): void {
  discardTimers(d, index);
  dropOrdererStreams(d, index);
  d.patchSlot(index, { alive: false, leaderOf: new Map() });
  d.emit({ k: 'fault', action: { kind: 'crash', peer: d.nameOf(index) } });
}

/**
 * [SIM-FUNC-CRASH.1] [GEN-ASM-CRASH-STOP.1] A crashed peer gets nothing: its timers are discarded,
 * envelopes to it are dropped, its orderer streams close, its leader flags clear.
 */
export function crash<S>(w: World<S>, name: string): World<S> {
  const index = indexOf(w, name);
  return transition(w, (d) => {
    if (d.slot(index).alive) crashIn(d, index);
  });
}

/**
 * [SIM-FUNC-RESTART.1] [GEN-ASM-CRASH-RESTART.1] Start a crashed peer again (a live one is crashed
 * first): init runs now with incarnation + 1 and the surviving ledger heights.
 */
export function restart<S>(w: World<S>, name: string): World<S> {
  const index = indexOf(w, name);
  return transition(w, (d) => {
    if (d.slot(index).alive) crashIn(d, index);
    const incarnation = d.slot(index).incarnation + 1;
    d.patchSlot(index, { alive: true, incarnation });
    d.emit({ k: 'fault', action: { kind: 'restart', peer: name, incarnation } });
    initPeer(d, index);
  });
}

export function setNetwork<S>(w: World<S>, patch: Partial<NetworkSettings>): World<S> {
  const network = validateNetwork({ ...w.network, ...patch }, w.directory);
  return transition(w, (d) => {
    d.network = network;
    d.emit({ k: 'fault', action: { kind: 'network', settings: patch } });
  });
}

export const INJECTOR: ConnectionInfo = { pkiId: pkiId('injector'), identity: 'injector', endpoint: 'injector:0' };

/** [SIM-FUNC-INJECT.1] Hand any payload (garbage included) to a peer now, as if received on connection `from`. */
export function inject<S>(w: World<S>, to: string, payload: unknown, from: ConnectionInfo = INJECTOR): World<S> {
  const index = indexOf(w, to);
  return transition(w, (d) => {
    if (!d.slot(index).alive) return d.emit({ k: 'ignored', peer: to, what: 'inject', reason: 'crashed' });
    d.emit({ k: 'inject', to, payload });
    stepPeer(d, index, { kind: 'receive', nowMs: d.nowMs, from, payload });
  });
}

/** [SIM-FUNC-COMMAND.1] Feed a local command (join channel, yield, ...) to a peer now. */
export function command<S>(w: World<S>, peer: string, cmd: unknown): World<S> {
  const index = indexOf(w, peer);
  return transition(w, (d) => {
    if (!d.slot(index).alive) return d.emit({ k: 'ignored', peer, what: 'command', reason: 'crashed' });
    d.emit({ k: 'command', peer, command: cmd });
    stepPeer(d, index, { kind: 'command', nowMs: d.nowMs, command: cmd });
  });
}

/** The ordering service cuts the channel's next block and streams it to connected peers. */
export function cutBlock<S>(w: World<S>, channel: string): World<S> {
  return transition(w, (d) => {
    cutOrdererBlock(d, channel);
  });
}

/**
 * [SIM-FUNC-ORDERER-OUTAGE.1] A fault: the channel's ordering service becomes unreachable (streams
 * deliver nothing, blocks wait, streams with giveUpAfterMs give up after it) or reachable again
 * (open streams resume in order). Traced as a fault even when nothing changes.
 */
export function setOrdererReachable<S>(w: World<S>, channel: string, reachable: boolean): World<S> {
  if (channel === '') throw new RangeError('setOrdererReachable: empty channel');
  return transition(w, (d) => {
    setReachable(d, channel, reachable);
    d.emit({ k: 'fault', action: { kind: 'ordererReachable', channel, reachable } });
  });
}
