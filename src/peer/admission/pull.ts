/**
 * Admitting block-pull messages (Fabric's GossipChannel.HandleMessage for pull, §5.3): only for a
 * joined channel, only BLOCK_MSG, only from a peer of my org that is eligible for the channel (its
 * StateInfo is cached: eligibleForChannelAndSameOrg); digests pass the ingress filter
 * (seqs at or above the ledger height); an update goes whole to the channel's dissemination
 * pipeline, which tells the engine what it took (wiring.ts, `pulledTaken`).
 */
import { isEligible } from '../../channel';
import { own, type ConnectionInfo } from '../../core';
import { wantedByIngressFilter } from '../../dissemination';
import type { Envelope } from '../../messages';
import { disseminationAt, pullAt } from '../instances';
import { input, reject, type Signal } from '../signals';
import type { WireContext } from '../wiring';
import { pullMsgTypeOf, type PullCase } from './pull-type';

/** [PEER-FUNC-PULL-ADMISSION.2] */
export function admitBlockPull({ state, env, nowMs }: WireContext, from: ConnectionInfo, envelope: Envelope, kind: PullCase): readonly Signal[] {
  const content = envelope.payload.content;
  const msgType = pullMsgTypeOf(envelope);
  if (msgType !== 'BLOCK_MSG') return [reject('pull.notModelled', `${kind} of ${String(msgType)}: only block pull is modelled`)];
  const channel = envelope.payload.channel;
  const ch = own(state.channels, channel);
  if (ch === undefined) return [reject('pull.unknownChannel', `${kind} for channel ${channel} we have not joined`)];
  if (env.crypto.orgOf(from.identity) !== state.self.org) return [reject('pull.foreignSender', `${kind} from ${from.pkiId} of another org`)];
  // Fabric: "Don't have StateInfo message of peer" / "isn't eligible for pulling blocks of" the channel.
  if (!isEligible(ch.gossipChannel, { pkiId: from.pkiId, identity: from.identity })) {
    return [reject('pull.notEligible', `${kind} from ${from.pkiId}, whose StateInfo in channel ${channel} we do not have`)];
  }
  const at = pullAt(ch.channel);
  const base = { nowMs, from: from.pkiId };
  switch (content.$case) {
    case 'hello':
      return [input(at, { type: 'HELLO_RECEIVED', ...base, nonce: content.hello.nonce })];
    case 'dataReq':
      return [input(at, { type: 'REQUEST_RECEIVED', ...base, nonce: content.dataReq.nonce, ids: content.dataReq.digests })];
    case 'dataDig': {
      const ids = content.dataDig.digests.filter((id) => /^(0|[1-9][0-9]*)$/.test(id) && wantedByIngressFilter(ch.dissemination, Number(id)));
      return [input(at, { type: 'DIGEST_RECEIVED', ...base, nonce: content.dataDig.nonce, ids })];
    }
    case 'dataUpdate': {
      const update = content.dataUpdate;
      const envelopes = update.data.flatMap((e) => (e.payload.content.$case === 'dataMsg' && e.payload.channel === channel ? [{ ...e, payload: { ...e.payload, content: e.payload.content } }] : []));
      // Every envelope must be a block of this channel, else the whole update is dropped (Fabric).
      if (envelopes.length !== update.data.length) {
        return [reject('pull.badUpdate', `update from ${from.pkiId} carries something other than blocks of ${channel}`)];
      }
      // [DIS-FUNC-PULLED-UPDATE-ATOMIC.1] one forged block drops the update whole: the engine never hears of it.
      return [input(disseminationAt(ch.channel), { type: 'BLOCKS_PULLED', nowMs, fromPkiId: from.pkiId, nonce: update.nonce, envelopes })];
    }
    default:
      return [reject('pull.notModelled', `${kind} is not a pull message`)];
  }
}
