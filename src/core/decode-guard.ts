/**
 * [GEN-FUNC-DECODE-GUARD.1] Which io-ts codecs may check a value by their type guard alone.
 *
 * For most codecs, decode gives back its very input when the input already has the codec's type:
 * io-ts's `type`, `partial`, `union`, `intersection`, arrays, brands, literals and keyof copy an
 * object only when a part of it decoded to something else, and a part of such a codec never does.
 * For those, `is` (a type guard that allocates nothing) and a successful decode agree, and a value
 * that passes `is` needs no decode: decodeWith returns it as it is. The simulator hands every peer
 * values other peers built, so that is nearly every input, and decode's context arrays and
 * Either values were a tenth of a 1,000-peer run.
 *
 * It is decided structurally, once per codec: a codec qualifies when its kind is one of those and
 * every part qualifies. `exact` and `strict` never do (decode drops properties `is` lets through),
 * nor a record over an enumerable domain (decode keeps only the domain's keys), nor a codec made
 * with `new t.Type`, unless it is declared here with the parts it decodes through.
 */
import type * as t from 'io-ts';

/** io-ts codecs as this module reads them: the tag every built-in codec carries, and its parts. */
interface Tagged {
  readonly _tag?: string;
  readonly type?: t.Any;
  readonly types?: readonly t.Any[];
  readonly props?: Readonly<Record<string, t.Any>>;
  readonly domain?: t.Any;
  readonly codomain?: t.Any;
}

/** Kinds whose decode is `is` plus "give back the input": nothing to look into. */
const LEAVES = new Set(['StringType', 'NumberType', 'BooleanType', 'BigIntType', 'NullType', 'UndefinedType', 'VoidType', 'UnknownType', 'AnyType', 'NeverType', 'LiteralType', 'KeyofType', 'UnknownRecordType', 'AnyDictionaryType', 'UnknownArrayType', 'AnyArrayType', 'ObjectType', 'FunctionType']);

/** Custom codecs declared to decode a value passing `is` to itself, provided these parts do. */
const declared = new WeakMap<t.Any, readonly t.Any[]>();
/** Verdicts so far, by codec. */
const decided = new WeakMap<t.Any, boolean>();

/**
 * Declare that `codec` (made with `new t.Type`) decodes every value passing its `is` to that same
 * value, as long as each of `parts` does (none: unconditionally). Its tests must show it: see
 * test/core/decode-guard.test.ts.
 */
export function decodesUnchangedWhenIs<C extends t.Any>(codec: C, parts: readonly t.Any[] = []): C {
  declared.set(codec, parts);
  return codec;
}

function partsOf(codec: Tagged): readonly t.Any[] | undefined {
  switch (codec._tag) {
    case 'InterfaceType':
    case 'PartialType':
      return Object.values(codec.props ?? {});
    case 'UnionType':
    case 'IntersectionType':
    case 'TupleType':
      return codec.types;
    case 'ArrayType':
    case 'ReadonlyArrayType':
    case 'ReadonlyType':
    case 'RefinementType':
    case 'RecursiveType':
      return codec.type === undefined ? undefined : [codec.type];
    case 'DictionaryType':
      // Over any string (not an enumerable domain), decode walks the keys and keeps the object.
      return codec.domain !== undefined && (codec.domain as Tagged)._tag === 'StringType' && codec.codomain !== undefined ? [codec.codomain] : undefined;
    default:
      return undefined;
  }
}

/**
 * Greatest fixpoint over the codec graph: a codec still being decided (recursion) counts as
 * qualifying. A "no" is final whatever was assumed; a "yes" reached under an assumption is kept
 * only once the codec asked about is a "yes" too (then every assumption held).
 */
function decide(codec: t.Any, inProgress: Set<t.Any>, provisional: Set<t.Any>): boolean {
  const known = decided.get(codec);
  if (known !== undefined) return known;
  if (inProgress.has(codec) || provisional.has(codec)) return true;
  inProgress.add(codec);
  const tagged = codec as Tagged;
  const parts = declared.get(codec) ?? (tagged._tag !== undefined && LEAVES.has(tagged._tag) ? [] : partsOf(tagged));
  const verdict = parts !== undefined && parts.every((part) => decide(part, inProgress, provisional));
  inProgress.delete(codec);
  if (verdict) provisional.add(codec);
  else decided.set(codec, false);
  return verdict;
}

/** Does decode give back every value that passes `is`, unchanged? Decided once per codec. */
export function decodesToItself(codec: t.Any): boolean {
  const known = decided.get(codec);
  if (known !== undefined) return known;
  const provisional = new Set<t.Any>();
  const verdict = decide(codec, new Set(), provisional);
  if (verdict) for (const c of provisional) decided.set(c, true);
  return verdict;
}
