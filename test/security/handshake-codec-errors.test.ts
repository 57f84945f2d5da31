/**
 * Decode failures of the handshake's codecs name the codec and the field
 * ([MSG-FUNC-DECODE-ERROR.1]): a host counts rejected inputs by these names, so a codec's name is
 * part of its contract.
 */
import type * as t from 'io-ts';
import {
  AcceptorStart,
  ConnEstablishReceived,
  DialerStart,
  HandshakeClose,
  HandshakeCommand,
  HandshakeParams,
  HandshakeRefusalReason,
  HandshakeStart,
  HandshakeTimerEvent,
  MalformedReceived,
} from '../../src/security';
import { decodeRejection as rejection } from '../helpers/decode-rejection';

describe('handshake codec errors', () => {
  it('[MSG-FUNC-DECODE-ERROR.1] [SEC-ASM-TLS-HASH-SEEN.1] a value that is not an object is rejected at the root by the codec of that name', () => {
    const named: [string, t.Mixed][] = [
      ['HandshakeStart', HandshakeStart],
      ['ConnEstablishReceived', ConnEstablishReceived],
      ['MalformedReceived', MalformedReceived],
      ['HandshakeClose', HandshakeClose],
      ['HandshakeTimerEvent', HandshakeTimerEvent],
      ['HandshakeParams', HandshakeParams],
      ['HandshakeRefusalReason', HandshakeRefusalReason],
      // Intersections and a union of unions: the message names the whole, not the part that failed.
      ['DialerStart', DialerStart],
      ['AcceptorStart', AcceptorStart],
      ['HandshakeCommand', HandshakeCommand],
    ];
    for (const [name, codec] of named) expect(rejection(codec, 5)).toEqual({ kind: 'decodeError', codec: name, path: '', message: `(root): expected ${name}, got 5` });
  });

  it('[MSG-FUNC-DECODE-ERROR.1] [SEC-ASM-TLS-HASH-SEEN.1] a bad field is named by its path', () => {
    expect(rejection(MalformedReceived, { type: 'MALFORMED_RECEIVED', error: 7 }).message).toBe('error: expected string, got 7');
    expect(rejection(HandshakeParams, { connTimeoutMs: 2000, tlsEnabled: 'yes' }).message).toBe('tlsEnabled: expected boolean, got "yes"');
  });
});
