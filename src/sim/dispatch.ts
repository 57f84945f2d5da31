/**
 * What happens when a queued event's time comes: an envelope is delivered (or dropped), a timer
 * fires, a handshake answer arrives, an orderer stream hands over its next block or gives up.
 */
import type { Draft } from './draft';
import { takeGiveUp, takeStreamBlock } from './orderer';
import { stepPeer } from './peer-step';
import { admitEnvelope } from './routing';
import { disarmFired } from './timers';
import type { Envelope, HostEvent } from './world';

export function deliverEnvelope<S>(d: Draft<S>, envelope: Envelope): void {
  if (!admitEnvelope(d, envelope)) return;
  const sameOrg = d.directory.specs[envelope.from]?.org === d.directory.specs[envelope.to]?.org;
  const from = (sameOrg ? d.directory.connections : d.directory.foreignConnections)[envelope.from];
  if (from === undefined) return;
  stepPeer(d, envelope.to, { kind: 'receive', nowMs: d.nowMs, from, payload: envelope.payload });
}

/** [SIM-FUNC-TIMERS.1] An armed timer comes back once, as {kind:'timer', timerId, event}. */
function fireTimer<S>(d: Draft<S>, event: Extract<HostEvent, { kind: 'timer' }>, seq: number): void {
  if (!disarmFired(d, event.peer, event.timerId, seq)) return;
  d.emit({ k: 'timer', peer: d.nameOf(event.peer), timerId: event.timerId });
  stepPeer(d, event.peer, { kind: 'timer', nowMs: d.nowMs, timerId: event.timerId, event: event.event });
}

/** [SIM-FUNC-HANDSHAKE.1] One answer per dial, not given to a crashed peer ([SIM-FUNC-CRASH.1]) nor a later incarnation ([SIM-FUNC-RESTART.1]). */
function answerHandshake<S>(d: Draft<S>, event: Extract<HostEvent, { kind: 'handshakeResult' }>): void {
  const slot = d.slot(event.peer);
  const name = d.nameOf(event.peer);
  if (!slot.alive || slot.incarnation !== event.incarnation) {
    d.emit({ k: 'ignored', peer: name, what: 'handshakeResult', reason: slot.alive ? 'restarted' : 'crashed' });
    return;
  }
  d.emit({ k: 'handshake', peer: name, endpoint: event.endpoint, attempt: event.attempt, result: event.result });
  const input = { kind: 'handshakeResult', nowMs: d.nowMs, endpoint: event.endpoint, attempt: event.attempt, result: event.result } as const;
  stepPeer(d, event.peer, input);
}

/** [SIM-FUNC-ORDERER-STREAM.1] One ordererBlock input per block, while the stream is open. */
function streamBlock<S>(d: Draft<S>, event: Extract<HostEvent, { kind: 'ordererStream' }>): void {
  const block = takeStreamBlock(d, event.peer, event.channel, event.streamId);
  if (block === undefined) return;
  d.emit({ k: 'ordererBlock', peer: d.nameOf(event.peer), channel: event.channel, seq: block.seq });
  stepPeer(d, event.peer, { kind: 'ordererBlock', nowMs: d.nowMs, channel: event.channel, seq: block.seq, block: block.block });
}

/** [SIM-FUNC-ORDERER-OUTAGE.1] The stream closed after giveUpAfterMs of outage: one ordererGaveUp input. */
function giveUp<S>(d: Draft<S>, event: Extract<HostEvent, { kind: 'ordererGiveUp' }>): void {
  if (!takeGiveUp(d, event.peer, event.channel, event.streamId)) return;
  stepPeer(d, event.peer, { kind: 'ordererGaveUp', nowMs: d.nowMs, channel: event.channel });
}

export function fireEvent<S>(d: Draft<S>, event: HostEvent, seq: number): void {
  switch (event.kind) {
    case 'timer':
      return fireTimer(d, event, seq);
    case 'handshakeResult':
      return answerHandshake(d, event);
    case 'ordererStream':
      return streamBlock(d, event);
    case 'ordererGiveUp':
      return giveUp(d, event);
  }
}
