/**
 * The composed peer's step: decode at the edge, route each input to the subsystem it belongs to,
 * perform the subsystems' outputs (routing, signing, namespaced timers). Pure: the Acc is local.
 */
import { armTimers, decodeWith, fireTimer as fireArmedTimer, type ConnectionInfo, type HostInput } from '../core';
import { ElectionTimerEvent } from '../election';
import { EmitterTimerEvent } from '../emitter';
import { TimerFired } from '../membership';
import { PullTimerEvent } from '../pull';
import { isContent, type Envelope } from '../messages';
import { reject, type Acc, type PeerEnv } from './acc';
import { joinChannel } from './channels';
import { receiveBlock, receiveOrdererBlock, stepDissemination } from './dissemination-glue';
import { PeerCommand } from './commands';
import { stepElection } from './election-glue';
import { stepEmitter } from './emitter-glue';
import { admitEnvelope } from './inbound';
import { receiveLeadership } from './leadership';
import { stepMembership } from './membership-glue';
import { stepPull } from './pull-glue';
import { receivePull } from './pull-receive';
import { receiveIdentityPull } from './identity-receive';
import { stepIdentityPull } from './identity-pull';
import type { PeerState } from './state';
import { parseTimerId } from './timers';

function pullMsgTypeOf(env: Envelope): string | undefined {
  const c = env.payload.content;
  if (c.$case === 'hello') return c.hello.msgType;
  if (c.$case === 'dataDig') return c.dataDig.msgType;
  if (c.$case === 'dataReq') return c.dataReq.msgType;
  if (c.$case === 'dataUpdate') return c.dataUpdate.msgType;
  return undefined;
}

function receive(acc: Acc, from: ConnectionInfo, payload: unknown): void {
  const admitted = admitEnvelope(payload);
  if (!admitted.ok) return reject(acc, `message.${admitted.rejection.kind}`, admitted.rejection.message);
  const env = admitted.envelope;
  const kind = env.payload.content.$case;
  if (kind === 'aliveMsg' || kind === 'memReq' || kind === 'memRes') {
    return stepMembership(acc, { type: 'MESSAGE_RECEIVED', nowMs: acc.nowMs, from, envelope: env });
  }
  if (isContent(env, 'leadershipMsg')) return receiveLeadership(acc, from, env);
  if (isContent(env, 'dataMsg')) return receiveBlock(acc, from, env);
  if (kind === 'hello' || kind === 'dataDig' || kind === 'dataReq' || kind === 'dataUpdate') {
    return pullMsgTypeOf(env) === 'IDENTITY_MSG' ? receiveIdentityPull(acc, from, env) : receivePull(acc, from, env, kind);
  }
  // StateInfo, state transfer and identity messages belong to subsystems that do not exist yet.
  reject(acc, 'message.unhandled', `no subsystem handles ${kind} messages yet`);
}

/**
 * [PEER-FUNC-TIMER-NAMESPACES.1] [GEN-FUNC-TIMER-GENERATIONS.1] A fired timer is admitted only with
 * the ticket of the timer armed now under its id (a late or forged fire is a counted no-op); its
 * owner then gets the event it armed, decoded like any input.
 */
function fireTimer(acc: Acc, timerId: string, ticket: unknown): void {
  const parsed = parseTimerId(timerId);
  if (parsed === undefined) return reject(acc, 'timer.unknown', `timer ${timerId} belongs to no subsystem`);
  const fired = fireArmedTimer(acc.state.timers, timerId, ticket);
  if (!fired.ok) return reject(acc, fired.reason, fired.message);
  acc.state = { ...acc.state, timers: fired.table };
  const event = fired.event;
  const { owner } = parsed;
  const bad = (e: { message: string }) => reject(acc, 'timer.decodeError', `timer ${timerId}: ${e.message}`);
  if (owner.subsystem === 'membership') {
    const decoded = decodeWith(TimerFired, { ...(typeof event === 'object' ? event : {}), nowMs: acc.nowMs });
    return decoded.ok ? stepMembership(acc, decoded.value) : bad(decoded.error);
  }
  if (owner.subsystem === 'emitter') {
    const decoded = decodeWith(EmitterTimerEvent, event);
    return decoded.ok ? stepEmitter(acc, decoded.value) : bad(decoded.error);
  }
  if (owner.subsystem === 'identityPull') {
    const decoded = decodeWith(PullTimerEvent, event);
    return decoded.ok ? stepIdentityPull(acc, decoded.value) : bad(decoded.error);
  }
  if (owner.subsystem === 'pull') {
    const decoded = decodeWith(PullTimerEvent, event);
    return decoded.ok ? stepPull(acc, owner.channel, decoded.value) : bad(decoded.error);
  }
  const decoded = decodeWith(ElectionTimerEvent, event);
  return decoded.ok ? stepElection(acc, owner.channel, decoded.value) : bad(decoded.error);
}

function runCommand(acc: Acc, command: unknown): void {
  const decoded = decodeWith(PeerCommand, command);
  if (!decoded.ok) return reject(acc, 'command.decodeError', decoded.error.message);
  const cmd = decoded.value;
  if (cmd.type === 'JOIN_CHANNEL') return joinChannel(acc, cmd);
  if (cmd.type === 'YIELD') return stepElection(acc, cmd.channel, { type: 'YIELD' });
  stopPeer(acc);
}

/** Stop every subsystem; a stopped peer ignores everything afterwards (Fabric's Stop()). */
function stopPeer(acc: Acc): void {
  for (const name of Object.keys(acc.state.channels)) {
    stepElection(acc, name, { type: 'STOP' });
    stepDissemination(acc, name, { type: 'STOP' });
    stepPull(acc, name, { type: 'STOP' });
  }
  stepIdentityPull(acc, { type: 'STOP' });
  stepMembership(acc, { type: 'STOP', nowMs: acc.nowMs });
  stepEmitter(acc, { type: 'STOP' });
  acc.state = { ...acc.state, stopped: true };
}

function dispatch(acc: Acc, input: HostInput): void {
  switch (input.kind) {
    case 'receive':
      return receive(acc, input.from, input.payload);
    case 'timer':
      return fireTimer(acc, input.timerId, input.event);
    case 'handshakeResult':
      return stepMembership(acc, { type: 'HANDSHAKE_RESULT', nowMs: input.nowMs, endpoint: input.endpoint, attempt: input.attempt, result: input.result });
    case 'command':
      return runCommand(acc, input.command);
    case 'ordererBlock':
      return receiveOrdererBlock(acc, input.channel, input.seq, input.block);
    case 'ordererGaveUp':
      // [ELE-FUNC-DELIVERY-GAVE-UP.1] Fabric's deliver-client finalizer calls Yield().
      return stepElection(acc, input.channel, { type: 'YIELD' });
  }
}

export function stepPeer(env: PeerEnv, state: PeerState, input: HostInput): readonly [PeerState, Acc['effects']] {
  if (state.stopped) return [state, []];
  const acc: Acc = { env, nowMs: input.nowMs, state, effects: [] };
  dispatch(acc, input);
  return finishStep(acc);
}

/** [GEN-FUNC-TIMER-GENERATIONS.1] Every timer armed in this step is recorded; the host gets its ticket. */
export function finishStep(acc: Acc): readonly [PeerState, Acc['effects']] {
  const [timers, effects] = armTimers(acc.state.timers, acc.effects);
  return [timers === acc.state.timers ? acc.state : { ...acc.state, timers }, effects];
}
