/**
 * Feeding a channel's election and performing its outputs: proposals and declarations become
 * signed LeadershipMessages pushed through the emitter; the leadership callback opens or closes
 * the orderer connection (Fabric's onStatusChangeFactory), with a give-up time for an elected leader.
 */
import type { ChannelId, Effect } from '../core';
import { own } from '../core';
import { electionReducer, type ElectionEvent, type ElectionOutput } from '../election';
import { signMessage } from '../messages';
import type { Acc } from './acc';
import { gossip } from './emitter-glue';
import { deliverGiveUpAfterMsOf } from './params';
import type { ChannelState } from './state';
import { namespaced } from './timers';

function putChannel(acc: Acc, ch: ChannelState): void {
  acc.state = { ...acc.state, channels: { ...acc.state.channels, [ch.channel]: ch } };
}

/** [ELE-MSG-GOSSIP-LEADERSHIP.1] LeadershipMessage{pki_id, timestamp{inc, seq}, is_declaration}, tag CHAN_AND_ORG, signed. */
function gossipLeadership(acc: Acc, ch: ChannelState, isDeclaration: boolean, seqNum: number): void {
  const payload = {
    nonce: 0n,
    channel: ch.channel,
    tag: 'CHAN_AND_ORG' as const,
    content: {
      $case: 'leadershipMsg' as const,
      leadershipMsg: { pkiId: acc.state.self.pkiId, timestamp: { incNum: ch.leadershipIncNum, seqNum: BigInt(seqNum) }, isDeclaration },
    },
  };
  gossip(acc, { kind: 'leadership', channel: ch.channel, envelope: signMessage(acc.env.crypto, acc.env.key, payload) });
}

/** [ELE-FUNC-ORDERER-CONNECTION.1] leader -> connectOrderer; not leader -> disconnectOrderer. */
function leadershipChanged(acc: Acc, channel: ChannelId, isLeader: boolean): void {
  const ch = own(acc.state.channels, channel);
  if (ch !== undefined) putChannel(acc, { ...ch, isLeader });
  acc.effects.push({ kind: 'leadershipChanged', channel, isLeader });
  acc.effects.push(isLeader ? connectOrderer(acc, channel) : { kind: 'disconnectOrderer', channel });
}

/**
 * [PEER-FUNC-DELIVER-GIVE-UP.1] [ELE-FUNC-DELIVERY-GAVE-UP.1] An elected leader's deliverer gives up after reconnectTotalTimeThreshold
 * without an ordering service (the host answers ordererGaveUp, step.ts yields); a static leader's never does.
 */
function connectOrderer(acc: Acc, channel: ChannelId): Effect {
  const giveUpAfterMs = deliverGiveUpAfterMsOf(acc.state.config);
  return giveUpAfterMs === undefined ? { kind: 'connectOrderer', channel } : { kind: 'connectOrderer', channel, giveUpAfterMs };
}

export function performElectionOutputs(acc: Acc, channel: ChannelId, outs: readonly ElectionOutput[]): void {
  for (const o of outs) {
    const ch = own(acc.state.channels, channel);
    if (ch === undefined) return;
    if (o.kind === 'gossipLeadership') gossipLeadership(acc, ch, o.isDeclaration, o.seqNum);
    else if (o.kind === 'leadershipChanged') leadershipChanged(acc, channel, o.isLeader);
    else if (o.kind === 'metric') acc.effects.push({ kind: 'metric', name: o.name, value: o.value, labels: { channel } });
    else acc.effects.push(namespaced({ subsystem: 'election', channel }, o));
  }
}

export function stepElection(acc: Acc, channel: string, event: ElectionEvent): void {
  const ch = own(acc.state.channels, channel);
  if (ch === undefined) return;
  const [election, outs] = electionReducer.step(ch.election, event);
  putChannel(acc, { ...ch, election });
  performElectionOutputs(acc, ch.channel, outs);
}
