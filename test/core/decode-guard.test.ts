/**
 * [GEN-FUNC-DECODE-GUARD.1] decodeWith checks a value by the codec's type guard alone only for
 * codecs that decode such a value to itself, and then gives what decode gives: the classifier is
 * tested on each kind of codec, and decodeWith against io-ts's decode (decodeFully) on valid,
 * broken and arbitrary inputs for the codecs every peer decodes.
 */
import fc from 'fast-check';
import * as t from 'io-ts';
import { decodeFully, decodeWith } from '../../src/core/decode';
import { decodesToItself, decodesUnchangedWhenIs } from '../../src/core/decode-guard';
import { Uint64 } from '../../src/core/peer-time';
import { GossipConfig } from '../../src/config/params';
import { FABRIC_CODE_DEFAULTS } from '../../src/config/profiles';
import { Envelope, GossipMessage } from '../../src/messages';
import * as A from '../../src/messages/arbitraries';
import { DELETE, pathsOf, setAt } from '../../src/messages/mutation/paths';
import { PeerCommand } from '../../src/peer/commands';
import { IdentityStoreInput } from '../../src/security/identity/inputs';

/** A custom codec that decodes a decimal string to a number: `is` and decode disagree on what they take. */
const NumberFromString = new t.Type<number, string, unknown>(
  'NumberFromString',
  (u): u is number => typeof u === 'number',
  (u, c) => (typeof u === 'string' && u !== '' && !Number.isNaN(Number(u)) ? t.success(Number(u)) : t.failure(u, c)),
  String,
);

describe('[GEN-FUNC-DECODE-GUARD.1] which codecs decode a value of their type to itself', () => {
  const Point = t.type({ x: t.number, y: t.number });
  interface Chain { readonly next: Chain | null; readonly label: string }
  const ChainC: t.Type<Chain> = t.recursion('Chain', () => t.type({ next: t.union([t.null, ChainC]), label: t.string }));
  interface Bad { readonly next: Bad | null; readonly exact: { readonly a: string } }
  const BadC: t.Type<Bad> = t.recursion('Bad', () => t.type({ next: t.union([t.null, BadC]), exact: t.exact(t.type({ a: t.string })) }));
  const cases: readonly (readonly [string, t.Any, boolean])[] = [
    ['string', t.string, true],
    ['type', Point, true],
    ['partial + intersection', t.intersection([Point, t.partial({ z: t.number })]), true],
    ['tagged union', t.union([t.type({ k: t.literal('a') }), t.type({ k: t.literal('b'), v: t.boolean })]), true],
    ['readonly array of brands', t.readonlyArray(t.Int), true],
    ['keyof', t.keyof({ A: null, B: null }), true],
    ['record over strings', t.record(t.string, Point), true],
    ['recursive', ChainC, true],
    ['exact (decode drops extra properties)', t.exact(Point), false],
    ['strict', t.strict({ x: t.number }), false],
    ['union with an exact member', t.union([t.exact(Point), t.string]), false],
    ['record over an enumerable domain (decode keeps only its keys)', t.record(t.keyof({ a: null }), t.number), false],
    ['custom codec, not declared', NumberFromString, false],
    ['recursive, with an exact part', BadC, false],
    ['Uint64 (declared)', Uint64, true],
    ['Envelope', Envelope, true],
    ['IdentityStoreInput', IdentityStoreInput, true],
    ['GossipConfig (exact)', GossipConfig, false],
  ];
  it.each(cases)('%s', (_, codec, expected) => {
    expect(decodesToItself(codec)).toBe(expected);
  });

  it('a declared custom codec qualifies only if the parts it names do', () => {
    const over = (inner: t.Any) => decodesUnchangedWhenIs(new t.Type<unknown>('Wrapped', inner.is, (u, c) => inner.validate(u, c), (a) => a), [inner]);
    expect(decodesToItself(over(Point))).toBe(true);
    expect(decodesToItself(over(t.exact(Point)))).toBe(false);
  });

  it('a "yes" assumed inside a recursion that turns out "no" is not kept', () => {
    // Holder refers to Loop; Loop's verdict is "no" (an exact part), found only after Holder was looked at under the assumption.
    interface Loop { readonly holder: { readonly loop: Loop | null }; readonly e: { readonly a: string } }
    const Holder: t.Any = t.type({ loop: t.union([t.null, t.recursion('Loop', (): t.Type<Loop> => LoopC)]) });
    const LoopC: t.Type<Loop> = t.type({ holder: Holder as t.Type<Loop['holder']>, e: t.exact(t.type({ a: t.string })) }) as t.Type<Loop>;
    expect(decodesToItself(LoopC)).toBe(false);
    expect(decodesToItself(Holder)).toBe(false);
  });
});

/** A valid value with one place replaced by anything (or removed). */
function broken<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, fc.nat(), fc.oneof(fc.anything({ withBigInt: true, maxDepth: 2 }), fc.constant(DELETE))).map(([v, i, junk]) => {
    const paths = pathsOf(v);
    const at = paths[i % Math.max(paths.length, 1)];
    return at === undefined ? v : setAt(v, at[0], junk);
  });
}

describe('[GEN-FUNC-DECODE-GUARD.1] decodeWith gives what io-ts decode gives', () => {
  const agrees = (codec: t.Any, input: unknown): void => {
    const fast = decodeWith(codec, input);
    expect(fast).toEqual(decodeFully(codec, input));
    if (decodesToItself(codec) && codec.is(input)) expect(fast.ok && fast.value).toBe(input);
  };

  it('for envelopes and gossip messages: valid, broken in one place, and arbitrary values', () => {
    const inputs = fc.oneof(A.envelope(), broken(A.envelope()), broken(A.gossipMessage()), fc.anything({ withBigInt: true }));
    fc.assert(fc.property(inputs, (input) => {
      agrees(Envelope, input);
      agrees(GossipMessage, input);
    }), { numRuns: 300 });
  });

  it('for identity store inputs and peer commands', () => {
    const put = fc.record({ type: fc.constantFrom('PUT', 'GET', 'VERIFY', 'STOP', 'JOIN_CHANNEL'), nowMs: fc.oneof(fc.nat(), fc.constant(-1)), pkiId: fc.string(), identity: fc.string() });
    fc.assert(fc.property(fc.oneof(put, broken(put), fc.anything({ withBigInt: true })), (input) => {
      agrees(IdentityStoreInput, input);
      agrees(PeerCommand, input);
    }), { numRuns: 300 });
  });

  it('for a codec that transforms (decimal string to bigint), the guard is not what decides', () => {
    expect(decodeWith(Uint64, '42')).toEqual({ ok: true, value: 42n });
    expect(decodeWith(Uint64, 42n)).toEqual({ ok: true, value: 42n });
    expect(decodeWith(Uint64, -1n).ok).toBe(false);
    // NumberFromString's `is` takes a number its decode refuses: not declared, so decode decides.
    expect(decodeWith(NumberFromString, 5).ok).toBe(false);
    expect(decodeWith(NumberFromString, '5')).toEqual({ ok: true, value: 5 });
  });

  it('for an exact codec, extra properties are dropped as decode drops them', () => {
    const withExtra = { ...FABRIC_CODE_DEFAULTS, notAField: 1 };
    expect(GossipConfig.is(withExtra)).toBe(true);
    const decoded = decodeWith(GossipConfig, withExtra);
    expect(decoded.ok && 'notAField' in decoded.value).toBe(false);
  });
});
