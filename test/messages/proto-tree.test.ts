/**
 * The protobuf reading and writing the signing layer does itself (src/messages/proto/tree.ts):
 * Go's semantics for what a byte string says, checked on hand-made bytes, and its refusals checked
 * against the wire codec's (protobuf-es behind a structural check) on mutated valid encodings.
 * [MSG-FUNC-RECEIVED-BYTES.1] [MSG-FUNC-SIGNED-BYTES.1]
 */
import fc from 'fast-check';
import { marshalGossipMessage } from '../../src/messages';
import * as A from '../../src/messages/arbitraries';
import * as S from '../../src/messages/proto/schema';
import { canonicalize, parse, serialize } from '../../src/messages/proto/tree';
import { decodeWire, gossipPb as pb } from '../../src/wire';
import { fromHex, toHex } from '../wire/hex';
import { representable } from '../wire/representable';

const canon = (hex: string, schema = S.GossipMessageSchema): string | undefined => {
  const out = canonicalize(schema, fromHex(hex));
  return out === undefined ? undefined : toHex(out);
};

describe('[MSG-FUNC-RECEIVED-BYTES.1] what a byte string says, read as Go reads it', () => {
  it('[MSG-FUNC-RECEIVED-BYTES.1] fields come out in number order, zero scalars left out, set messages kept even when empty', () => {
    // tag EMPTY (3), then nonce 0 written explicitly (1), then channel "" (2), then empty (13, no fields).
    expect(canon('1801 0800 1200 6a00')).toBe('18016a00');
    // content first, then the scalars: reordered to 1, 2, 3, content.
    expect(canon('6a00 1801 1201 41 0807')).toBe('08071201411801' + '6a00');
  });

  it('[MSG-FUNC-RECEIVED-BYTES.1] a scalar written twice keeps its last value; an explicit zero resets it', () => {
    expect(canon('0801 0802 1801 6a00')).toBe('080218016a00');
    expect(canon('0805 0800 1801 6a00')).toBe('18016a00');
  });

  it('[MSG-FUNC-RECEIVED-BYTES.1] a singular message written twice is merged; another oneof member replaces the first', () => {
    // alive_msg{membership{endpoint "e"}} then alive_msg{timestamp{inc 1}}: one alive_msg with both.
    expect(canon('2a05 0a03 0a0165 2a04 1202 0801')).toBe('2a090a030a016512020801');
    // empty (13) then alive_msg (5): the alive message wins, and the empty is gone.
    expect(canon('6a00 2a00')).toBe('2a00');
    // alive_msg then empty: the empty wins.
    expect(canon('2a04 1202 0801 6a00')).toBe('6a00');
  });

  it('[MSG-FUNC-RECEIVED-BYTES.1] unknown fields of every wire type, a group included, are skipped', () => {
    // 4 (varint), 99 (bytes), 100 (fixed64), 101 (fixed32), 102 (group holding field 1 = 5), around tag EMPTY.
    expect(canon('2005 9a0602abcd 1801 a1060102030405060708 ad0601020304 b306 0805 b406 6a00')).toBe('18016a00');
    // The largest field number, 2^29 - 1, as an unknown varint field.
    expect(canon('f8ffffff0f 00 1801 6a00')).toBe('18016a00');
  });

  it('[MSG-FUNC-RECEIVED-BYTES.1] what Go refuses is refused: bad tags, wrong wire types, over-long varints, lengths past the end, bad UTF-8', () => {
    for (const bad of [
      '0001', // field number 0
      '0f', // wire type 7
      '1801 0c', // end-group without a start
      '08 ffffffffffffffffffff01', // eleven-byte varint
      '08 ffffffffffffffffff7f', // ten bytes overflowing 64 bits
      '1801 2a05 0a09', // length past the end
      '0a0101', // nonce (a varint) written as bytes
      '2a03 0a01ff', // alive_msg.membership written with a bad length inside
      '2a05 0a03 0a01ff', // endpoint (a string) that is not UTF-8
      'b306 0805', // a group that never ends
      '12 8180808010 41 1801 6a00', // channel with a length of 2^32 + 1 (not 1: lengths are read whole)
      '88 80 80 80 10 05 1801 6a00', // field number 2^29 + 1, above the largest
      'b306 12 8180808010 41 b406 1801 6a00', // an unknown group holding a length of 2^32 + 1
    ]) expect([bad, canon(bad)]).toEqual([bad, undefined]);
  });

  it('[MSG-FUNC-SIGNED-BYTES.1] int32 and enum values are read as Go stores them (32 bits, sign-extended when written back); bool is 0 or 1', () => {
    // tag = 2^32 + 1: Go keeps int32(1).
    expect(canon('18 8180808010 6a00')).toBe('18016a00');
    // conn.probe written as 2: true, written back as 1.
    expect(canon('7202 2002')).toBe('72022001');
    // tag = -1 (ten bytes): kept, written back as the same ten bytes.
    expect(canon('18 ffffffffffffffffff01 6a00')).toBe('18ffffffffffffffffff016a00');
  });

  it('[MSG-FUNC-SIGNED-BYTES.1] serialize(parse(b)) = b for every encoding our marshaller writes', () => {
    fc.assert(fc.property(A.gossipMessage().map(representable), (m) => {
      const bytes = marshalGossipMessage(m) as Uint8Array;
      const tree = parse(S.GossipMessageSchema, bytes);
      expect(tree).toBeDefined();
      expect(toHex(serialize(S.GossipMessageSchema, tree as NonNullable<typeof tree>))).toBe(toHex(bytes));
    }), { numRuns: 300 });
  });
});

describe('[MSG-FUNC-RECEIVED-BYTES.1] refusals agree with the wire codec', () => {
  const isPrivate = (bytes: Uint8Array): boolean => {
    const r = decodeWire(pb.GossipMessageSchema, bytes);
    return r.ok && (r.value.content.case === 'privateReq' || r.value.content.case === 'privateRes' || r.value.content.case === 'privateData');
  };

  it('[MSG-FUNC-RECEIVED-BYTES.1] on mutated encodings, the reader refuses exactly what the wire codec refuses', () => {
    const edit = fc.tuple(fc.nat(), fc.oneof(fc.constant(-1), fc.nat({ max: 255 })), fc.boolean());
    let refused = 0;
    fc.assert(fc.property(A.gossipMessage().map(representable), fc.array(edit, { minLength: 1, maxLength: 3 }), (m, edits) => {
      let bytes = Array.from(marshalGossipMessage(m) as Uint8Array);
      for (const [at, value, insert] of edits) {
        const i = bytes.length === 0 ? 0 : at % bytes.length;
        if (value < 0) bytes = bytes.slice(0, i);
        else if (insert) bytes.splice(i, 0, value);
        else bytes[i] = value;
      }
      const mutated = Uint8Array.from(bytes);
      // The private-data cases' insides are checked by the wire codec only (signing never reads them).
      fc.pre(!isPrivate(mutated));
      const wire = decodeWire(pb.GossipMessageSchema, mutated);
      if (!wire.ok) refused++;
      expect(parse(S.GossipMessageSchema, mutated) !== undefined).toBe(wire.ok);
    }), { numRuns: 2000 });
    expect(refused).toBeGreaterThan(100);
  });
});
