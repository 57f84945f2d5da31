/**
 * Feeding a channel's block pull engine and performing its outputs: hello, digest, request and
 * update messages (BLOCK_MSG, tag CHAN_AND_ORG, point-to-point, NoopSigned); an update carries the
 * stored block envelopes the request asked for. Timers are namespaced per channel.
 */
import type { ChannelId, PkiId } from '../core';
import { own } from '../core';
import { storedBlocks } from '../dissemination';
import { aliveMembers, preferredEndpoint } from '../membership';
import { noopSign, type Content } from '../messages';
import type { PullEvent, PullOutput } from '../pull';
import type { Acc } from './acc';
import { namespaced } from './timers';

function sendPullMessage(acc: Acc, channel: ChannelId, to: PkiId, content: Content): void {
  const member = aliveMembers(acc.state.membership).find((m) => m.pkiId === to);
  if (member === undefined) return; // gone from the view since the engine chose it
  const message = noopSign({ nonce: 0n, channel, tag: 'CHAN_AND_ORG' as const, content });
  acc.effects.push({ kind: 'send', to: [{ pkiId: to, endpoint: preferredEndpoint(member) }], message });
}

function perform(acc: Acc, channel: ChannelId, outs: readonly PullOutput[]): void {
  for (const o of outs) {
    const ch = own(acc.state.channels, channel);
    if (ch === undefined) return;
    switch (o.kind) {
      case 'sendHello':
        sendPullMessage(acc, channel, o.to, { $case: 'hello', hello: { nonce: o.nonce, metadata: '', msgType: 'BLOCK_MSG' } });
        break;
      case 'sendDigest':
        sendPullMessage(acc, channel, o.to, { $case: 'dataDig', dataDig: { nonce: o.nonce, digests: o.ids, msgType: 'BLOCK_MSG' } });
        break;
      case 'sendRequest':
        sendPullMessage(acc, channel, o.to, { $case: 'dataReq', dataReq: { nonce: o.nonce, digests: o.ids, msgType: 'BLOCK_MSG' } });
        break;
      case 'sendUpdate': {
        const wanted = new Set(o.ids);
        const data = storedBlocks(ch.dissemination).filter((b) => wanted.has(String(b.seq))).map((b) => b.envelope);
        if (data.length > 0) sendPullMessage(acc, channel, o.to, { $case: 'dataUpdate', dataUpdate: { nonce: o.nonce, data, msgType: 'BLOCK_MSG' } });
        break;
      }
      default:
        acc.effects.push(namespaced({ subsystem: 'pull', channel }, o));
    }
  }
}

export function performPullOutputs(acc: Acc, channel: ChannelId, outs: readonly PullOutput[]): void {
  perform(acc, channel, outs);
}

export function stepPull(acc: Acc, channel: string, event: PullEvent): void {
  const ch = own(acc.state.channels, channel);
  if (ch === undefined) return;
  const [pull, outs] = acc.env.pull.step(ch.pull, event);
  acc.state = { ...acc.state, channels: { ...acc.state.channels, [channel]: { ...ch, pull } } };
  perform(acc, ch.channel, outs);
}
