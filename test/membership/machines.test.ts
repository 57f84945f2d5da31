import fc from 'fast-check';
import { initialTransition, transition } from 'xstate';
import { connectMachine, DEFAULT_MEMBERSHIP_PARAMS, discoveryMachine, memberMachine } from '../../src/membership';
import { aliveMsgTtlMs, CONNECT_RESPONSE_TIMEOUT_MS, msgStoreCheckIntervalMs } from '../../src/membership/params';
import { emptyPMap, pdelete, pentries, pget, pset, type PMap } from '../../src/core/pmap';
import { aliveFrom, peer, pki } from './fixtures';

describe('parameters', () => {
  it('[MEM-PARAM-DEFAULTS.1] defaults are Fabric\'s code defaults, TTL and check period derive from them', () => {
    expect(DEFAULT_MEMBERSHIP_PARAMS).toEqual({
      aliveTimeIntervalMs: 5000,
      aliveExpirationTimeoutMs: 25000,
      aliveExpirationCheckIntervalMs: 2500,
      reconnectIntervalMs: 25000,
      pullIntervalMs: 4000,
      pullPeerNum: 3,
      maxConnectionAttempts: 120,
      msgExpirationFactor: 20,
      publishCertPeriodMs: 10000,
      propagatePeerNum: 3,
    });
    expect(aliveMsgTtlMs(DEFAULT_MEMBERSHIP_PARAMS)).toBe(500000);
    expect(msgStoreCheckIntervalMs(DEFAULT_MEMBERSHIP_PARAMS)).toBe(5000);
    expect(CONNECT_RESPONSE_TIMEOUT_MS).toBe(5000);
  });
});

describe('charts', () => {
  it('[MEM-SAFE-ALIVE-DEAD-EXCLUSIVE.1] the member chart: unknown -> alive <-> dead -> purged, one state at a time', () => {
    const B = peer('B', 7502);
    let [s] = initialTransition(memberMachine, { pkiId: pki(B) });
    expect(s.value).toBe('unknown');
    [s] = transition(memberMachine, s, { type: 'ALIVE', nowMs: 1, envelope: aliveFrom(B, 1) });
    expect(s.value).toBe('alive');
    [s] = transition(memberMachine, s, { type: 'EXPIRE', nowMs: 100, aliveExpirationTimeoutMs: 200 });
    expect(s.value).toBe('alive');
    [s] = transition(memberMachine, s, { type: 'EXPIRE', nowMs: 202, aliveExpirationTimeoutMs: 200 });
    expect(s.value).toBe('dead');
    [s] = transition(memberMachine, s, { type: 'ALIVE', nowMs: 300, envelope: aliveFrom(B, 1) });
    expect(s.value).toBe('dead');
    [s] = transition(memberMachine, s, { type: 'PURGE' });
    expect(s.value).toBe('purged');
    expect(s.status).toBe('done');
  });

  it('[MEM-FUNC-SEND-ALIVE.1] [MEM-FUNC-EXPIRE-DEAD.1] [MEM-FUNC-SYNC.1] the discovery chart names every period after Fabric', () => {
    const delays = Object.keys(discoveryMachine.implementations.delays).sort();
    expect(delays).toEqual(['aliveExpirationCheckInterval', 'aliveTimeInterval', 'msgStoreExpirationCheckInterval', 'pullInterval', 'reconnectInterval']);
    expect(Object.keys(connectMachine.implementations.delays).sort()).toEqual(['connectResponseTimeout', 'reconnectInterval']);
    expect(Object.keys(discoveryMachine.root.states)).toEqual(['running', 'stopped']);
  });
});

describe('persistent map', () => {
  it('behaves as a Map under any operations and never changes an older version', () => {
    const op = fc.oneof(
      fc.record({ k: fc.constant('set' as const), key: fc.string({ maxLength: 3 }), v: fc.integer() }),
      fc.record({ k: fc.constant('del' as const), key: fc.string({ maxLength: 3 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        let m: PMap<number> = emptyPMap();
        const model = new Map<string, number>();
        const versions: [PMap<number>, Map<string, number>][] = [];
        for (const o of ops) {
          m = o.k === 'set' ? pset(m, o.key, o.v) : pdelete(m, o.key);
          if (o.k === 'set') model.set(o.key, o.v);
          else model.delete(o.key);
          versions.push([m, new Map(model)]);
        }
        for (const [version, expected] of versions) {
          expect(version.size).toBe(expected.size);
          expect(new Map(pentries(version))).toEqual(expected);
          for (const [k, v] of expected) expect(pget(version, k)).toBe(v);
        }
      }),
      { numRuns: 200 },
    );
  });
});
