/**
 * Inbound block-pull messages (Fabric's GossipChannel.HandleMessage for pull, §5.3): only for a
 * joined channel, only BLOCK_MSG, only from a peer of my org; digests pass the ingress filter
 * (seqs at or above the ledger height); each block of an update goes through the channel's
 * dissemination pipeline (verification, store, buffer), and the engine hears which were taken.
 */
import type { ConnectionInfo } from '../core';
import { own } from '../core';
import { storedSeqs, wantedByIngressFilter } from '../dissemination';
import type { Envelope } from '../messages';
import { reject, type Acc } from './acc';
import { stepDissemination } from './dissemination-glue';
import { stepPull } from './pull-glue';

type PullCase = 'hello' | 'dataDig' | 'dataReq' | 'dataUpdate';

/** [PEER-FUNC-PULL-ADMISSION.1] */
export function receivePull(acc: Acc, from: ConnectionInfo, env: Envelope, kind: PullCase): void {
  const content = env.payload.content;
  const msgType = content.$case === 'hello' ? content.hello.msgType : content.$case === 'dataDig' ? content.dataDig.msgType
    : content.$case === 'dataReq' ? content.dataReq.msgType : content.$case === 'dataUpdate' ? content.dataUpdate.msgType : undefined;
  if (msgType !== 'BLOCK_MSG') return reject(acc, 'pull.notModelled', `${kind} of ${String(msgType)}: only block pull is modelled`);
  const channel = env.payload.channel;
  const ch = own(acc.state.channels, channel);
  if (ch === undefined) return reject(acc, 'pull.unknownChannel', `${kind} for channel ${channel} we have not joined`);
  if (acc.env.crypto.orgOf(from.identity) !== acc.state.self.org) return reject(acc, 'pull.foreignSender', `${kind} from ${from.pkiId} of another org`);
  const base = { nowMs: acc.nowMs, from: from.pkiId };
  if (content.$case === 'hello') return stepPull(acc, channel, { type: 'HELLO_RECEIVED', ...base, nonce: content.hello.nonce });
  if (content.$case === 'dataReq') return stepPull(acc, channel, { type: 'REQUEST_RECEIVED', ...base, nonce: content.dataReq.nonce, ids: content.dataReq.digests });
  if (content.$case === 'dataDig') {
    const ids = content.dataDig.digests.filter((id) => /^(0|[1-9][0-9]*)$/.test(id) && wantedByIngressFilter(ch.dissemination, Number(id)));
    return stepPull(acc, channel, { type: 'DIGEST_RECEIVED', ...base, nonce: content.dataDig.nonce, ids });
  }
  if (content.$case !== 'dataUpdate') return;
  const update = content.dataUpdate;
  // Every envelope must be a block of this channel, else the whole update is dropped (Fabric).
  if (!update.data.every((e) => e.payload.content.$case === 'dataMsg' && e.payload.channel === channel)) {
    return reject(acc, 'pull.badUpdate', `update from ${from.pkiId} carries something other than blocks of ${channel}`);
  }
  const envelopes = update.data.flatMap((e) => (e.payload.content.$case === 'dataMsg' ? [{ ...e, payload: { ...e.payload, content: e.payload.content } }] : []));
  // [DIS-FUNC-PULLED-UPDATE-ATOMIC.1] one forged block drops the update whole: the engine never hears of it.
  const outs = stepDissemination(acc, channel, { type: 'BLOCKS_PULLED', nowMs: acc.nowMs, fromPkiId: from.pkiId, envelopes });
  if (outs.some((o) => o.kind === 'updateRejected')) return;
  const after = own(acc.state.channels, channel);
  if (after === undefined) return;
  const stored = new Set(storedSeqs(after.dissemination).map(String));
  const ids = update.data.flatMap((e) => (e.payload.content.$case === 'dataMsg' ? [String(e.payload.content.dataMsg.payload.seqNum)] : [])).filter((id) => stored.has(id));
  stepPull(acc, channel, { type: 'UPDATE_RECEIVED', ...base, nonce: update.nonce, ids });
}
