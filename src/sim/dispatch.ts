/**
 * What happens when a queued event's time comes: an envelope is delivered (or dropped), a timer
 * fires, a handshake or ledger-read answer arrives, an orderer stream hands over its next block or
 * gives up.
 */
import type { Draft } from './draft';
import { takeGiveUp, takeStreamBlock } from './orderer';
import { stepPeer } from './peer-step';
import { admitEnvelope } from './routing';
import { sameSide } from './network';
import { disarmFired } from './timers';
import { pkiIdOfPeer, reportPresumedDead } from './transport/presumed-dead';
import { connectionFor } from './transport/transport';
import type { ConnectionRecord } from './transport/types';
import type { Envelope, HostEvent } from './world';

/**
 * [SIM-FUNC-CONNECTION-HANDSHAKE.1] With a transport, an envelope that could be delivered travels
 * on a connection its two ends' handshake charts opened; on a refused one it is dropped
 * (`handshakeRefused`). Envelopes the other rules drop (crash, restart, partition) are left to them.
 */
function onConnection<S>(d: Draft<S>, envelope: Envelope): ConnectionRecord | 'none' | 'refused' {
  const t = d.transport;
  const target = d.slot(envelope.to);
  if (t === undefined || !target.alive || target.incarnation !== envelope.toIncarnation || !sameSide(d.partition, envelope.from, envelope.to)) return 'none';
  const connection = connectionFor(d, t, envelope.from, envelope.to);
  if (connection.open) return connection;
  d.emit({ k: 'drop', id: envelope.id, from: d.nameOf(envelope.from), to: d.nameOf(envelope.to), reason: 'handshakeRefused' });
  // [SIM-FUNC-PRESUMED-DEAD.2] Fabric's sendToEndpoint: no connection, disconnect(PKI-ID).
  reportPresumedDead(d, envelope.from, envelope.fromIncarnation, pkiIdOfPeer(d, envelope.to), 0);
  return 'refused';
}

export function deliverEnvelope<S>(d: Draft<S>, envelope: Envelope): void {
  const connection = onConnection(d, envelope);
  if (connection === 'refused' || !admitEnvelope(d, envelope)) return;
  const sameOrg = d.directory.specs[envelope.from]?.org === d.directory.specs[envelope.to]?.org;
  const from = (sameOrg ? d.directory.connections : d.directory.foreignConnections)[envelope.from];
  if (from === undefined) return;
  // [SIM-SAFE-CONNECTION-AUTHENTICATED.1] the directory's ConnectionInfo is whom the recipient's chart authenticated.
  if (connection !== 'none') {
    const seen = connection.authenticatedBy.get(envelope.to);
    if (seen === undefined || seen.pkiId !== from.pkiId || seen.identity !== from.identity) {
      const as = seen === undefined ? 'nobody' : seen.pkiId;
      d.fail('safety', `[SIM-SAFE-CONNECTION-AUTHENTICATED.1] ${d.nameOf(envelope.to)} authenticated ${as} on the connection from ${d.nameOf(envelope.from)} (${from.pkiId})`, d.nameOf(envelope.to));
      return;
    }
  }
  stepPeer(d, envelope.to, { kind: 'receive', nowMs: d.nowMs, from, payload: envelope.payload });
}

/** [SIM-FUNC-TIMERS.1] An armed timer comes back once, as {kind:'timer', timerId, event}. */
function fireTimer<S>(d: Draft<S>, event: Extract<HostEvent, { kind: 'timer' }>, seq: number): void {
  if (!disarmFired(d, event.peer, event.timerId, seq)) return;
  if (d.tracing) d.emit({ k: 'timer', peer: d.nameOf(event.peer), timerId: event.timerId });
  else d.count('timer');
  stepPeer(d, event.peer, { kind: 'timer', nowMs: d.nowMs, timerId: event.timerId, event: event.event });
}

/** [SIM-FUNC-HANDSHAKE.2] One answer per dial, not given to a crashed peer ([SIM-FUNC-CRASH.1]) nor a later incarnation ([SIM-FUNC-RESTART.1]). */
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

/** [SIM-FUNC-PRESUMED-DEAD.2] One presumedDead input per report, not given to a crashed peer nor a later incarnation. */
function presumeDead<S>(d: Draft<S>, event: Extract<HostEvent, { kind: 'presumedDead' }>): void {
  const slot = d.slot(event.peer);
  const name = d.nameOf(event.peer);
  if (!slot.alive || slot.incarnation !== event.incarnation) {
    d.emit({ k: 'ignored', peer: name, what: 'presumedDead', reason: slot.alive ? 'restarted' : 'crashed' });
    return;
  }
  d.emit({ k: 'presumedDead', peer: name, pkiId: event.pkiId });
  stepPeer(d, event.peer, { kind: 'presumedDead', nowMs: d.nowMs, pkiId: event.pkiId });
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

/**
 * [SIM-FUNC-LEDGER-READ.1] The one answer to a `readLedger`, not given to a crashed peer
 * ([SIM-FUNC-CRASH.1]) nor to a later incarnation ([SIM-FUNC-RESTART.1]), as handshakes are not.
 */
function answerLedgerRead<S>(d: Draft<S>, event: Extract<HostEvent, { kind: 'ledgerRead' }>): void {
  const slot = d.slot(event.peer);
  const name = d.nameOf(event.peer);
  if (!slot.alive || slot.incarnation !== event.incarnation) {
    d.emit({ k: 'ignored', peer: name, what: 'ledgerRead', reason: slot.alive ? 'restarted' : 'crashed' });
    return;
  }
  d.emit({ k: 'ledgerRead', peer: name, channel: event.channel, correlation: event.correlation, count: event.blocks.length });
  stepPeer(d, event.peer, { kind: 'ledgerRead', nowMs: d.nowMs, channel: event.channel, correlation: event.correlation, blocks: event.blocks });
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
    case 'ledgerRead':
      return answerLedgerRead(d, event);
    case 'presumedDead':
      return presumeDead(d, event);
  }
}
