/**
 * THE ADMISSION TABLE of the composed peer: what each host input, and each inbound message by
 * content, becomes, after the checks it must pass. Admission only reads: it returns the signals
 * to perform (wiring.ts, engine.ts), and a failed check is a single counted rejection, so a
 * rejected input leaves every subsystem's state as it was ([GEN-FUNC-BAD-INPUT.1],
 * [PEER-FUNC-ADMISSION.1]).
 */
import type { ConnectionInfo, HostInput } from '../../core';
import { decodeWith, PkiId } from '../../core';
import { isContent, type Envelope } from '../../messages';
import { joinChannel, leaveChannel } from '../channels';
import { PeerCommand } from '../commands';
import { admitEnvelope } from '../inbound';
import { channelAt, disseminationAt, electionAt, emitterAt, identitiesAt, identityPullAt, membershipAt, pullAt, stateTransferAt } from '../instances';
import { input, reject, update, type Signal } from '../signals';
import type { WireContext } from '../wiring';
import { admitBlock, admitOrdererBlock } from './blocks';
import { admitIdentityPull, identityStoreRefusal, senderRefusal } from './identity';
import { admitLeadership } from './leadership';
import { admitBlockPull } from './pull';
import { pullMsgTypeOf } from './pull-type';
import { admitStateInfo, admitStateInfoPullRequest, admitStateSnapshot } from './state-info';
import { admitLedgerRead, admitStateTransfer } from './state-transfer';
import { admitTimer } from './timers';
import { withPeerState } from '../state';

/** An inbound message, decoded and tag-checked at the edge, its sender's identity checked, then routed by its content. */
function admitMessage(ctx: WireContext, from: ConnectionInfo, payload: unknown): readonly Signal[] {
  const admitted = admitEnvelope(payload);
  if (!admitted.ok) return [reject(`message.${admitted.rejection.kind}`, admitted.rejection.message)];
  return senderRefusal(ctx, from) ?? routeMessage(ctx, from, admitted.envelope);
}

function routeMessage(ctx: WireContext, from: ConnectionInfo, env: Envelope): readonly Signal[] {
  const kind = env.payload.content.$case;
  switch (kind) {
    case 'aliveMsg':
    case 'memReq':
    case 'memRes':
      // Membership verifies what it is sent itself (it holds the identity table): MEM-FUNC-ALIVE-VALIDATION.
      return [input(membershipAt, { type: 'MESSAGE_RECEIVED', nowMs: ctx.nowMs, from, envelope: env })];
    case 'leadershipMsg':
      return isContent(env, 'leadershipMsg') ? admitLeadership(ctx, from, env) : [];
    case 'dataMsg':
      return isContent(env, 'dataMsg') ? admitBlock(ctx, from, env) : [];
    case 'hello':
    case 'dataDig':
    case 'dataReq':
    case 'dataUpdate':
      return pullMsgTypeOf(env) === 'IDENTITY_MSG' ? admitIdentityPull(ctx, from, env) : admitBlockPull(ctx, from, env, kind);
    case 'stateInfo':
      return isContent(env, 'stateInfo') ? admitStateInfo(ctx, from, env) : [];
    case 'stateSnapshot':
      return isContent(env, 'stateSnapshot') ? admitStateSnapshot(ctx, from, env) : [];
    case 'stateInfoPullReq':
      return isContent(env, 'stateInfoPullReq') ? admitStateInfoPullRequest(ctx, from, env) : [];
    case 'stateRequest':
      return isContent(env, 'stateRequest') ? admitStateTransfer(ctx, from, env) : [];
    case 'stateResponse':
      return isContent(env, 'stateResponse') ? admitStateTransfer(ctx, from, env) : [];
    default:
      // Handshake messages (the host's), acks, and peer identities outside identity pull.
      return [reject('message.unhandled', `no subsystem handles ${kind} messages`)];
  }
}

/** Stop every instance; a stopped peer ignores everything afterwards (Fabric's Stop()). */
function stopAll({ state, nowMs }: WireContext): readonly Signal[] {
  const channels = Object.values(state.channels).flatMap((ch) => [
    input(channelAt(ch.channel), { type: 'STOP' }),
    input(electionAt(ch.channel), { type: 'STOP' }),
    input(disseminationAt(ch.channel), { type: 'STOP' }),
    input(pullAt(ch.channel), { type: 'STOP' }),
    input(stateTransferAt(ch.channel), { type: 'STOP' }),
  ]);
  return [
    ...channels,
    input(identityPullAt, { type: 'STOP' }),
    input(identitiesAt, { type: 'STOP', nowMs }),
    input(membershipAt, { type: 'STOP', nowMs }),
    input(emitterAt, { type: 'STOP' }),
    update((s) => withPeerState(s, { stopped: true })),
  ];
}

function admitCommand(ctx: WireContext, command: unknown): readonly Signal[] {
  const decoded = decodeWith(PeerCommand, command);
  if (!decoded.ok) return [reject('command.decodeError', decoded.error.message)];
  const cmd = decoded.value;
  switch (cmd.type) {
    case 'JOIN_CHANNEL':
      return joinChannel(ctx, cmd);
    case 'LEAVE_CHANNEL':
      return leaveChannel(ctx, cmd.channel);
    case 'YIELD':
      return [input(electionAt(cmd.channel), { type: 'YIELD' })];
    case 'STOP':
      return stopAll(ctx);
  }
}

type HandshakeResult = Extract<HostInput, { kind: 'handshakeResult' }>['result'];

/**
 * [PEER-FUNC-IDENTITY-REFUSED-INPUT.1] A handshake with a remote whose identity the store refuses
 * fails, as in Fabric, where the comm handshake Puts the remote's identity and fails with it.
 */
function handshakeVerdict(ctx: WireContext, result: HandshakeResult): HandshakeResult {
  // Host inputs are decoded by membership; only a well-formed success is looked at here.
  const r: unknown = result;
  if (typeof r !== 'object' || r === null || !('ok' in r) || r.ok !== true) return result;
  if (!('pkiId' in r) || !('identity' in r) || typeof r.pkiId !== 'string' || typeof r.identity !== 'string') return result;
  const refusal = identityStoreRefusal(ctx, r.pkiId, r.identity);
  return refusal === undefined ? result : { ok: false, reason: `identity store: ${refusal.reason}` };
}

export function admit(ctx: WireContext, hostInput: HostInput): readonly Signal[] {
  switch (hostInput.kind) {
    case 'receive':
      return admitMessage(ctx, hostInput.from, hostInput.payload);
    case 'timer':
      return admitTimer(ctx, hostInput.timerId, hostInput.event);
    case 'handshakeResult':
      return [input(membershipAt, { type: 'HANDSHAKE_RESULT', nowMs: hostInput.nowMs, endpoint: hostInput.endpoint, attempt: hostInput.attempt, result: handshakeVerdict(ctx, hostInput.result) })];
    case 'command':
      return admitCommand(ctx, hostInput.command);
    case 'ordererBlock':
      return admitOrdererBlock(ctx, hostInput.channel, hostInput.seq, hostInput.block);
    case 'ordererGaveUp':
      // [ELE-FUNC-DELIVERY-GAVE-UP.1] Fabric's deliver-client finalizer calls Yield().
      return [input(electionAt(hostInput.channel), { type: 'YIELD' })];
    case 'ledgerRead':
      return admitLedgerRead(ctx, hostInput);
    case 'presumedDead': {
      // [MEM-FUNC-PRESUMED-DEAD.1] comm's PresumedDead() goes to discovery; a PKI-ID that does not decode is counted.
      const pkiId = decodeWith(PkiId, hostInput.pkiId);
      if (!pkiId.ok) return [reject('comm.malformedPresumedDead', `presumedDead: ${pkiId.error.message}`)];
      return [input(membershipAt, { type: 'PRESUMED_DEAD', nowMs: hostInput.nowMs, pkiId: pkiId.value })];
    }
  }
}
