/**
 * Decode failures of membership's codecs (src/membership/inputs.ts, params.ts) name the codec and
 * the field ([MSG-FUNC-DECODE-ERROR.1]): the composition decodes every membership input with them
 * ([MEM-ASM-COMPOSITION-EDGE.1]) and a host counts rejected inputs by these names, so a codec's name
 * is part of its contract. A value wrong as a whole is named by the codec asked for, unions and
 * intersections included; a bad field by its path and its own type.
 */
import type * as t from 'io-ts';
import { decodeWith } from '../../src/core';
import {
  AnchorPeers,
  ConnectionInfoCodec,
  HandshakeResultCodec,
  HandshakeResultEvent,
  HostPort,
  IdentityLearned,
  IdentityPurged,
  MembershipEvent,
  MembershipInit,
  MembershipParams,
  MessageReceived,
  PresumedDead,
  SelfInfo,
  StopMembership,
  TimerEvent,
  TimerFired,
  UpdateEndpoint,
  UpdateMetadata,
} from '../../src/membership';
import { decodeRejection as rejection } from '../helpers/decode-rejection';
import { initFor, peer } from './fixtures';

const A = peer('A', 7101);

describe('membership codec errors', () => {
  it('[MSG-FUNC-DECODE-ERROR.1] [MEM-ASM-COMPOSITION-EDGE.1] a value that is not an object is rejected at the root by the codec of that name', () => {
    const named: [string, t.Mixed][] = [
      ['HostPort', HostPort],
      ['SelfInfo', SelfInfo],
      ['MembershipInit', MembershipInit],
      ['MembershipParams', MembershipParams],
      ['ConnectionInfo', ConnectionInfoCodec],
      ['MessageReceived', MessageReceived],
      ['HandshakeResultEvent', HandshakeResultEvent],
      ['AnchorPeers', AnchorPeers],
      ['IdentityLearned', IdentityLearned],
      ['IdentityPurged', IdentityPurged],
      ['PresumedDead', PresumedDead],
      ['StopMembership', StopMembership],
      ['UpdateMetadata', UpdateMetadata],
      ['UpdateEndpoint', UpdateEndpoint],
      // Unions and intersections: the message names the whole, not the member or part that failed.
      ['HandshakeResult', HandshakeResultCodec],
      ['TimerEvent', TimerEvent],
      ['TimerFired', TimerFired],
      ['MembershipEvent', MembershipEvent],
    ];
    for (const [name, codec] of named) expect(rejection(codec, 5)).toEqual({ kind: 'decodeError', codec: name, path: '', message: `(root): expected ${name}, got 5` });
  });

  it('[MSG-FUNC-DECODE-ERROR.1] [MEM-ASM-COMPOSITION-EDGE.1] an endpoint that is not host:port is rejected as a HostPort, at the root or in SelfInfo', () => {
    expect(decodeWith(HostPort, 'localhost:7051').ok).toBe(true);
    expect(rejection(HostPort, 'localhost')).toEqual({ kind: 'decodeError', codec: 'HostPort', path: '', message: '(root): expected HostPort, got "localhost"' });
    expect(rejection(HostPort, 'localhost:0').message).toBe('(root): expected HostPort, got "localhost:0"');
    const init = initFor(A);
    expect(decodeWith(MembershipInit, init).ok).toBe(true);
    expect(rejection(MembershipInit, { ...init, self: { ...init.self, internalEndpoint: 'localhost' } })).toEqual({
      kind: 'decodeError',
      codec: 'MembershipInit',
      path: 'self.internalEndpoint',
      message: 'self.internalEndpoint: expected HostPort, got "localhost"',
    });
  });

  it('[MSG-FUNC-DECODE-ERROR.1] [MEM-ASM-COMPOSITION-EDGE.1] bad parameters are named by their codec, a bad parameter by its path and type', () => {
    const init = initFor(A);
    expect(rejection(MembershipInit, { ...init, params: 5 })).toEqual({ kind: 'decodeError', codec: 'MembershipInit', path: 'params', message: 'params: expected MembershipParams, got 5' });
    expect(rejection(MembershipInit, { ...init, params: { ...init.params, aliveTimeIntervalMs: 0 } }).message).toBe('params.aliveTimeIntervalMs: expected PositiveInt, got 0');
  });

  it('[MSG-FUNC-DECODE-ERROR.1] [MEM-ASM-COMPOSITION-EDGE.1] a bad field inside a union or an intersection is named by its path, without the member\'s index', () => {
    const handshake = { type: 'HANDSHAKE_RESULT', nowMs: 0, endpoint: 'localhost:7102', attempt: 1, result: { ok: true, pkiId: 'Org1MSP/B', identity: 'Org1MSP\nB' } };
    expect(decodeWith(HandshakeResultEvent, handshake).ok).toBe(true);
    expect(rejection(HandshakeResultEvent, { ...handshake, result: 5 }).message).toBe('result: expected HandshakeResult, got 5');
    expect(rejection(HandshakeResultEvent, { ...handshake, result: { ...handshake.result, identity: 5 } })).toEqual({
      kind: 'decodeError',
      codec: 'HandshakeResultEvent',
      path: 'result.identity',
      message: 'result.identity: expected string, got 5',
    });
    // MembershipEvent is a union tagged by `type`: the member the tag names reports its field.
    expect(rejection(MembershipEvent, { type: 'IDENTITY_PURGED', nowMs: 0, pkiId: 5 })).toEqual({
      kind: 'decodeError',
      codec: 'MembershipEvent',
      path: 'pkiId',
      message: 'pkiId: expected PkiId, got 5',
    });
    const fired = { type: 'TIMER_FIRED', timerId: 'membership/aliveTick', machine: 'discovery', afterEvent: 'aliveTick', nowMs: 300 };
    expect(decodeWith(TimerFired, fired).ok).toBe(true);
    expect(rejection(TimerFired, { ...fired, machine: 'other' }).message).toBe('machine: expected "discovery" | "connect", got "other"');
    expect(rejection(AnchorPeers, { type: 'ANCHOR_PEERS', nowMs: 0, channel: 'ch', anchors: [{ org: 'Org1MSP', endpoint: 7 }] }).message).toBe(
      'anchors.0.endpoint: expected string, got 7',
    );
  });
});
