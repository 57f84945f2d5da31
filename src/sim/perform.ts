/**
 * The host side of the effect contract: perform one step's effects in list order (rule 1,
 * [GEN-ASM-EFFECT-ORDER.1]), all within the step that returned them.
 * Effects come from reducers we do not trust to be well-typed at run time (a port, a bug), so each
 * is checked; a malformed one halts the world with an `invalidEffect` failure naming the peer and
 * the input, instead of corrupting the clock or throwing.
 */
import type { HostInput } from '../core';
import type { Draft } from './draft';
import { dial } from './handshake';
import { commitToLedger, readLedger, recordLeadership } from './ledger';
import { connectOrderer, disconnectOrderer } from './orderer';
import { routeSend } from './routing';
import { armTimer, cancelTimer } from './timers';

type Loose = Readonly<Record<string, unknown>>;

function channelOf(e: Loose): string | undefined {
  return typeof e['channel'] === 'string' && e['channel'] !== '' ? e['channel'] : undefined;
}

function commit<S>(d: Draft<S>, peer: number, e: Loose): string | undefined {
  const channel = channelOf(e);
  const seq = e['seq'];
  if (channel === undefined) return 'deliverToLedger.channel must be a non-empty string';
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return `deliverToLedger.seq must be a block number, got ${String(seq)}`;
  commitToLedger(d, peer, channel, seq, e['block']);
  return undefined;
}

function withChannel(e: Loose, kind: string, act: (channel: string) => void): string | undefined {
  const channel = channelOf(e);
  if (channel === undefined) return `${kind}.channel must be a non-empty string`;
  act(channel);
  return undefined;
}

/** [SIM-FUNC-ORDERER-OUTAGE.1] giveUpAfterMs is optional (absent = never give up), else a finite number >= 0. */
function connect<S>(d: Draft<S>, peer: number, e: Loose): string | undefined {
  const giveUpAfterMs = e['giveUpAfterMs'];
  if (giveUpAfterMs !== undefined && (typeof giveUpAfterMs !== 'number' || !Number.isFinite(giveUpAfterMs) || giveUpAfterMs < 0)) {
    return `connectOrderer.giveUpAfterMs must be absent or a finite number >= 0, got ${JSON.stringify(giveUpAfterMs)}`;
  }
  return withChannel(e, 'connectOrderer', (channel) => connectOrderer(d, peer, channel, giveUpAfterMs));
}

/** Perform one effect; a description of what is wrong with it, or undefined. */
function performEffect<S>(d: Draft<S>, peer: number, effect: unknown): string | undefined {
  if (typeof effect !== 'object' || effect === null) return `an effect must be an object, got ${String(effect)}`;
  const e = effect as Loose;
  const name = d.nameOf(peer);
  switch (e['kind']) {
    case 'send':
      return routeSend(d, peer, e['to'], e['message']) ? undefined : 'send.to must be a list of PeerRefs';
    case 'setTimer':
      return armTimer(d, peer, e['timerId'], e['delayMs'], e['event']);
    case 'cancelTimer':
      cancelTimer(d, peer, e['timerId']);
      return undefined;
    case 'handshake':
      return dial(d, peer, e['endpoint'], e['attempt'], e['expectedPkiId']);
    case 'closeConnection': // [SIM-FUNC-HANDSHAKE.2] only traced
      d.emit({ k: 'close', peer: name, pkiId: String(e['pkiId']) });
      return undefined;
    case 'persist': {
      // [SIM-FUNC-STABLE-STORAGE.1]
      if (typeof e['key'] !== 'string' || e['key'] === '') return 'persist.key must be a non-empty string';
      const slot = d.slot(peer);
      const durable: Record<string, unknown> = { ...slot.durable };
      if (e['value'] === undefined) delete durable[e['key']];
      else durable[e['key']] = e['value'];
      d.patchSlot(peer, { durable });
      return undefined;
    }
    case 'readLedger':
      return readLedger(d, peer, e);
    case 'deliverToLedger':
      return commit(d, peer, e);
    case 'leadershipChanged':
      return withChannel(e, 'leadershipChanged', (channel) => recordLeadership(d, peer, channel, e['isLeader'] === true));
    case 'connectOrderer':
      return connect(d, peer, e);
    case 'disconnectOrderer':
      return withChannel(e, 'disconnectOrderer', (channel) => disconnectOrderer(d, peer, channel));
    case 'log':
      d.emit({ k: 'log', peer: name, level: String(e['level']), message: String(e['message']) });
      return undefined;
    case 'metric':
      d.emit({ k: 'metric', peer: name, name: String(e['name']), value: Number(e['value']) });
      return undefined;
    default:
      return `unknown effect kind ${JSON.stringify(String(e['kind']))}`;
  }
}

/** [SIM-FUNC-REDUCER-FAILURE.1] A malformed effect halts the world (invalidEffect) instead of throwing. */
export function performEffects<S>(d: Draft<S>, peer: number, effects: readonly unknown[], input: HostInput | undefined): void {
  for (const effect of effects) {
    if (d.failure !== undefined) return;
    const problem = performEffect(d, peer, effect);
    if (problem !== undefined) d.fail('invalidEffect', `peer ${d.nameOf(peer)} returned an invalid effect: ${problem}`, d.nameOf(peer), input);
  }
}
