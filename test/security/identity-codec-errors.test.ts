/**
 * Decode failures of the identity store's codecs (src/security/identity/: inputs.ts, params.ts,
 * context.ts's InvalidIdentity, refusals.ts's reasons) name the codec and the field
 * ([MSG-FUNC-DECODE-ERROR.1]): a host counts rejected inputs by these names, so a codec's name is
 * part of its contract. The reducer passes the same message on: `malformedInput` for a step, the
 * thrown error for init ([SEC-FUNC-IDENTITY-DECODE.1]).
 */
import type * as t from 'io-ts';
import { createSymbolicSuite, decodeWith } from '../../src/core';
import {
  ConfigUpdated,
  createIdentityStoreReducer,
  ExpiryTimerEvent,
  GetIdentity,
  IdentityRefusalReason,
  IdentityStoreCommand,
  IdentityStoreInit,
  IdentityStoreInput,
  IdentityStoreParams,
  IdentityStoreTimerFired,
  InvalidIdentity,
  PurgeReason,
  PutIdentity,
  StopStore,
  SuspectPeers,
  Suspects,
  UsageCheckTimerEvent,
  VerifySignature,
} from '../../src/security';
import { decodeRejection as rejection } from '../helpers/decode-rejection';
import { HOUR_MS, START_MS } from './identity-fixture';

describe('identity store codec errors', () => {
  it('[MSG-FUNC-DECODE-ERROR.1] [SEC-FUNC-IDENTITY-DECODE.1] a value that is not an object is rejected at the root by the codec of that name', () => {
    const named: [string, t.Mixed][] = [
      ['PutIdentity', PutIdentity],
      ['GetIdentity', GetIdentity],
      ['VerifySignature', VerifySignature],
      ['SuspectPeers', SuspectPeers],
      ['ConfigUpdated', ConfigUpdated],
      ['StopStore', StopStore],
      // Unions tagged by `type`: io-ts checks the tag first, so the union itself is what failed.
      ['IdentityStoreCommand', IdentityStoreCommand],
      ['ExpiryTimerEvent', ExpiryTimerEvent],
      ['UsageCheckTimerEvent', UsageCheckTimerEvent],
      ['IdentityStoreTimerFired', IdentityStoreTimerFired],
      ['IdentityStoreInput', IdentityStoreInput],
      ['IdentityStoreInit', IdentityStoreInit],
      ['IdentityStoreParams', IdentityStoreParams],
      ['InvalidIdentity', InvalidIdentity],
    ];
    for (const [name, codec] of named) expect(rejection(codec, 5)).toEqual({ kind: 'decodeError', codec: name, path: '', message: `(root): expected ${name}, got 5` });
  });

  it('[MSG-FUNC-DECODE-ERROR.1] [SEC-FUNC-IDENTITY-DECODE.1] a refusal or purge reason outside its set is rejected by the reason codec of that name', () => {
    for (const [name, codec] of [['IdentityRefusalReason', IdentityRefusalReason], ['PurgeReason', PurgeReason]] as const) {
      expect(rejection(codec, 'tired')).toEqual({ kind: 'decodeError', codec: name, path: '', message: `(root): expected ${name}, got "tired"` });
      expect(rejection(codec, 5)).toEqual({ kind: 'decodeError', codec: name, path: '', message: `(root): expected ${name}, got 5` });
    }
    expect(decodeWith(IdentityRefusalReason, "PKIID wasn't found").ok).toBe(true);
    expect(decodeWith(PurgeReason, 'expired').ok).toBe(true);
    // ListInvalidIdentities finds revoked or unused identities; expiry is the timer's, not a finding.
    expect(rejection(InvalidIdentity, { pkiId: 'p', identity: 'i', reason: 'expired' })).toEqual({
      kind: 'decodeError',
      codec: 'InvalidIdentity',
      path: 'reason',
      message: 'reason: expected "revoked" | "unused", got "expired"',
    });
  });

  it('[MSG-FUNC-DECODE-ERROR.1] [SEC-FUNC-IDENTITY-SUSPECT.1] Suspects, an untagged union, is named as the codec that rejected a value, at the root or at a bad element', () => {
    // Wrong as a whole: named by the codec asked for, not by its first member ("all").
    expect(rejection(Suspects, 5)).toEqual({ kind: 'decodeError', codec: 'Suspects', path: '', message: '(root): expected Suspects, got 5' });
    expect(rejection(Suspects, ['p', 5])).toEqual({ kind: 'decodeError', codec: 'Suspects', path: '1', message: '1: expected string, got 5' });
    expect(decodeWith(Suspects, 'all').ok).toBe(true);
    expect(decodeWith(Suspects, []).ok).toBe(true);
    // Inside SuspectPeers the field is named, and the enclosing codec is the one reported.
    expect(rejection(SuspectPeers, { type: 'SUSPECT_PEERS', nowMs: 0, suspects: 5 })).toEqual({ kind: 'decodeError', codec: 'SuspectPeers', path: 'suspects', message: 'suspects: expected "all", got 5' });
  });

  it('[MSG-FUNC-DECODE-ERROR.1] [SEC-FUNC-IDENTITY-DECODE.1] bad parameters or an empty revoked PKI-ID are named with their field', () => {
    const init = { selfIdentity: 's', nowMs: START_MS, params: { usageThresholdMs: HOUR_MS } };
    expect(decodeWith(IdentityStoreInit, init).ok).toBe(true);
    expect(rejection(IdentityStoreInit, { ...init, params: 5 }).message).toBe('params: expected IdentityStoreParams, got 5');
    expect(rejection(IdentityStoreParams, { usageThresholdMs: 0 }).message).toBe('usageThresholdMs: expected PositiveInt, got 0');
    expect(rejection(ConfigUpdated, { type: 'CONFIG_UPDATED', nowMs: 0, revokedPkiIds: [''] }).message).toBe('revokedPkiIds.0: expected PkiId, got ""');
  });

  it('[SEC-FUNC-IDENTITY-DECODE.1] the reducer answers an undecodable step with malformedInput and that message, and throws it from init', () => {
    const crypto = createSymbolicSuite(4);
    const self = crypto.enroll('Org1MSP', 'self').identity;
    const reducer = createIdentityStoreReducer({ crypto });
    const [state] = reducer.init({ selfIdentity: self, nowMs: START_MS, params: { usageThresholdMs: HOUR_MS } });
    const [after, outputs] = reducer.step(state, 5);
    expect(outputs).toStrictEqual([{ kind: 'malformedInput', error: '(root): expected IdentityStoreInput, got 5' }]);
    expect(after).toBe(state);
    expect(reducer.step(state, { type: 'PUT', nowMs: 0, pkiId: 'p' })[1]).toStrictEqual([{ kind: 'malformedInput', error: 'identity: expected string, got undefined' }]);
    const initError = (input: unknown): string => {
      try {
        reducer.init(input);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error('init accepted the input');
    };
    expect(initError(5)).toBe('identity store init: (root): expected IdentityStoreInit, got 5');
    expect(initError({ selfIdentity: self, nowMs: START_MS, params: 5 })).toBe('identity store init: params: expected IdentityStoreParams, got 5');
  });
});
