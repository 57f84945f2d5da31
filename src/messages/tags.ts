/**
 * Fabric's IsTagLegal (gossip/protoext/message.go): which tag each content type must carry.
 * Inbound messages with an illegal tag are dropped; producing one is a programming error.
 */
import type { GossipMessage } from './gossip-message';
import type { Tag } from './primitives';

export type TagCheck = { ok: true } | { ok: false; reason: string };

export function expectedTag(msg: GossipMessage): Tag | 'any' | undefined {
  const c = msg.content;
  switch (c.$case) {
    case 'dataMsg':
      return 'CHAN_AND_ORG';
    case 'aliveMsg':
    case 'memReq':
    case 'memRes':
      return 'EMPTY';
    case 'peerIdentity':
      return 'ORG_ONLY';
    case 'hello':
    case 'dataDig':
    case 'dataReq':
    case 'dataUpdate': {
      const type = c.$case === 'hello' ? c.hello.msgType : c.$case === 'dataDig' ? c.dataDig.msgType
        : c.$case === 'dataReq' ? c.dataReq.msgType : c.dataUpdate.msgType;
      return type === 'BLOCK_MSG' ? 'CHAN_AND_ORG' : type === 'IDENTITY_MSG' ? 'EMPTY' : undefined;
    }
    case 'stateInfo':
    case 'stateSnapshot':
    case 'stateInfoPullReq':
    case 'stateRequest':
    case 'stateResponse':
      return 'CHAN_OR_ORG';
    case 'leadershipMsg':
      return 'CHAN_AND_ORG';
    // conn, ack and empty are handled by comm before the tag check (§1.3): any tag passes.
    case 'conn':
    case 'ack':
    case 'empty':
      return 'any';
  }
}

/** [MSG-FUNC-TAG-LEGALITY.1] */
export function checkTag(msg: GossipMessage): TagCheck {
  if (msg.tag === 'UNDEFINED') return { ok: false, reason: 'tag UNDEFINED is never legal' };
  const expected = expectedTag(msg);
  if (expected === undefined) return { ok: false, reason: `unknown pull message type in ${msg.content.$case}` };
  if (expected === 'any' || expected === msg.tag) return { ok: true };
  return { ok: false, reason: `${msg.content.$case} must be tagged ${expected}, got ${msg.tag}` };
}
