/**
 * Random runs of one identity store: any mix of Puts (right, wrong and empty PKI-IDs; valid,
 * invalid, expiring and already expired identities), Gets, Verifies (good and bad signatures),
 * SuspectPeers, config updates with random revocation lists, Stop, forged expiry fires, undecodable
 * inputs and the passing of virtual time. StoreHost checks every SEC-SAFE invariant after every
 * step; the properties below add what a single step cannot see. @fast-check/jest prints the seed
 * and the shrunk counterexample on failure; IDENTITY_SEED=<n> replays a seed.
 */
import { fc, test } from '@fast-check/jest';
import { canonicalEncode } from '../../src/core';
import { pentries, pget, pvalues } from '../../src/core/pmap';
import { isValidIdentity } from '../../src/security';
import { createIdentityWorld, START_MS, StoreHost, SUITE_KINDS, type IdentityWorld } from './identity-fixture';

const SEED = process.env['IDENTITY_SEED'];
const seedOption = SEED === undefined ? {} : { seed: Number(SEED) };
const POOL = 5;

const op = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('put' as const), who: fc.nat(POOL - 1), pkiId: fc.constantFrom('own', 'own', 'own', 'other', 'empty'), blankIdentity: fc.constantFrom(false, false, false, true) }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant('get' as const), who: fc.nat(POOL - 1) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('verify' as const), who: fc.nat(POOL - 1), signer: fc.nat(POOL - 1) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('suspect' as const), all: fc.boolean(), who: fc.subarray([0, 1, 2, 3, 4]) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('config' as const), revoked: fc.subarray([0, 1, 2, 3, 4]) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 4000 }) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('fire' as const), who: fc.nat(POOL - 1) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('raw' as const), value: fc.anything() }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'stop' as const }), weight: 1 },
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

/** Peer i's identity: 0 never expires, 1..3 expire at different times (3 already expired), 4 is not valid. */
function poolOf(w: IdentityWorld): string[] {
  return [
    w.identity('p0', 'never'),
    w.identity('p1', START_MS + 1500),
    w.identity('p2', START_MS + 6000),
    w.identity('p3', START_MS - 1),
    w.invalidIdentity('p4'),
  ];
}

function requestOf(w: IdentityWorld, pool: readonly string[], o: Exclude<Op, { kind: 'advance' | 'stop' }>, nowMs: number): unknown {
  const pkiIdOf = (i: number) => w.crypto.pkiIdOf(pool[i] as string);
  switch (o.kind) {
    case 'put': {
      const pkiId = o.pkiId === 'own' ? pkiIdOf(o.who) : o.pkiId === 'other' ? pkiIdOf((o.who + 1) % POOL) : '';
      return { type: 'PUT', pkiId, identity: o.blankIdentity ? '' : pool[o.who] };
    }
    case 'get':
      return { type: 'GET', pkiId: pkiIdOf(o.who) };
    case 'verify':
      return { type: 'VERIFY', pkiId: pkiIdOf(o.who), payload: 'm', signature: w.signAs(`p${o.signer}`, 'm') };
    case 'suspect':
      return { type: 'SUSPECT_PEERS', suspects: o.all ? 'all' : o.who.map(pkiIdOf) };
    case 'config':
      return { type: 'CONFIG_UPDATED', revokedPkiIds: o.revoked.map(pkiIdOf) };
    case 'fire':
      return { type: 'EXPIRY_FIRED', pkiId: pkiIdOf(o.who), identity: pool[o.who] };
    case 'raw':
      return { value: o.value, nowMs };
  }
}

for (const kind of SUITE_KINDS) {
  /** One run, checking per-run properties after every op; returns the host and its world. */
  function run(ops: readonly Op[]) {
    const w = createIdentityWorld(kind);
    const pool = poolOf(w);
    const self = w.identity('self', 'never');
    const host = new StoreHost(w, self, 2000);
    for (const o of ops) {
      if (o.kind === 'advance') host.advanceBy(o.ms);
      else if (o.kind === 'stop') host.stop();
      else {
        const before = host.state;
        const outputs = host.send(requestOf(w, pool, o, host.driver.nowMs) as { type: string });
        if (outputs.some((x) => (x.kind === 'refused' && x.request === 'PUT') || x.kind === 'malformedInput')) expect(host.state).toEqual(before);
      }
      // [SEC-SAFE-IDENTITY-NO-EXPIRED-USE.1] timers fire in time order, so nothing held has expired before now.
      for (const e of pvalues(host.state.context.entries)) expect(e.expiresAtMs === undefined || e.expiresAtMs >= host.driver.nowMs).toBe(true);
      // [SEC-SAFE-IDENTITY-MATCHES-PKIID.1] every held identity hashes to its key and was valid when stored.
      for (const [key, e] of pentries(host.state.context.entries)) {
        expect(w.crypto.pkiIdOf(e.identity)).toBe(key);
        expect(w.crypto.validateIdentity(e.identity)).toBe(true);
      }
    }
    return { host, w };
  }

  test.prop([fc.array(op, { maxLength: 40 })], { numRuns: 300, ...seedOption })(
    `[SEC-SAFE-IDENTITY-MATCHES-PKIID.1] [SEC-SAFE-IDENTITY-PURGE-ONCE.1] [SEC-SAFE-IDENTITY-REFUSAL-UNCHANGED.1] [SEC-SAFE-IDENTITY-NO-EXPIRED-USE.1] ${kind}: random requests, forged fires and garbage keep every invariant; refused Puts leave the state equal`,
    (ops) => void run(ops),
  );

  test.prop([fc.array(op, { maxLength: 40 }), fc.subarray([0, 1, 2, 3, 4])], { numRuns: 200, ...seedOption })(
    `[SEC-SAFE-IDENTITY-NO-REVOKED-AFTER-UPDATE.1] ${kind}: after a config update no held identity is revoked or invalid, and later Puts of revoked ones are refused`,
    (ops, revoked) => {
      const { host, w } = run(ops);
      const pool = poolOf(w);
      const revokedPkiIds = revoked.map((i) => w.crypto.pkiIdOf(pool[i] as string));
      host.configUpdated(revokedPkiIds);
      for (const e of pvalues(host.state.context.entries)) expect(isValidIdentity(w.crypto, revokedPkiIds, e.identity)).toBe(true);
      for (const id of revokedPkiIds) expect(pget(host.state.context.entries, id)).toBeUndefined();
      for (const i of revoked) {
        const identity = pool[i] as string;
        const refusal = host.put(w.crypto.pkiIdOf(identity), identity);
        expect(refusal?.reason).toMatch(/identity revoked|identity invalid/);
      }
    },
  );

  it(`[SEC-SAFE-IDENTITY-PURGE-ONCE.1] ${kind}: over whole runs, purge outputs equal the entries removed, and the generator reaches every purge reason`, () => {
    const reasons = new Set<string>();
    for (const ops of fc.sample(fc.array(op, { minLength: 10, maxLength: 40 }), { numRuns: 150, seed: 42 })) {
      const { host } = run(ops);
      const log = host.driver.outputs.map((x) => x.output);
      const stored = log.filter((x) => x.kind === 'stored').length;
      const purged = log.filter((x) => x.kind === 'purged');
      // Self is stored at init; every other stored entry is either still held or purged exactly once.
      expect(stored).toBe(host.state.context.entries.size + purged.length);
      for (const p of purged) if (p.kind === 'purged') reasons.add(p.reason);
    }
    expect([...reasons].sort()).toEqual(['expired', 'revoked', 'unused']);
  });
}

describe('identity store inputs', () => {
  it('[SEC-FUNC-IDENTITY-DECODE.1] an input that does not decode is answered with malformedInput naming the field, and changes nothing', () => {
    const w = createIdentityWorld('symbolic');
    const host = new StoreHost(w, w.identity('self', 'never'), 1000);
    const before = canonicalEncode(host.state.context);
    expect(host.send({ type: 'PUT', pkiId: 7, identity: 'x' })).toEqual([{ kind: 'malformedInput', error: expect.stringContaining('pkiId') }]);
    expect(host.send({ type: 'CONFIG_UPDATED', revokedPkiIds: [''] })).toEqual([{ kind: 'malformedInput', error: expect.stringContaining('revokedPkiIds') }]);
    expect(host.send({ type: 'NOPE' })).toEqual([{ kind: 'malformedInput', error: expect.any(String) }]);
    expect(host.reducer.step(host.state, { type: 'GET', pkiId: 'x' })[1]).toEqual([{ kind: 'malformedInput', error: expect.stringContaining('nowMs') }]);
    expect(canonicalEncode(host.state.context)).toBe(before);
  });
});
