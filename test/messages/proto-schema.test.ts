/**
 * The schema tables signing reads and writes with (src/messages/proto/schema.ts) against the
 * descriptors generated from src/wire/proto ([WIRE-MSG-SCHEMA.1]): the same field numbers, names,
 * types, lists and oneofs, so that the bytes signed are the bytes the wire codec writes.
 */
import { ScalarType, type DescField, type DescMessage } from '@bufbuild/protobuf';
import { TimestampSchema as WktTimestamp } from '@bufbuild/protobuf/wkt';
import * as S from '../../src/messages/proto/schema';
import { commonPb, gossipPb } from '../../src/wire';

const SCALAR_KINDS: Partial<Record<ScalarType, S.FieldKind>> = {
  [ScalarType.UINT64]: 'uint64', [ScalarType.INT64]: 'int64', [ScalarType.UINT32]: 'uint32', [ScalarType.INT32]: 'int32',
  [ScalarType.BOOL]: 'bool', [ScalarType.BYTES]: 'bytes', [ScalarType.STRING]: 'string',
};

function describeField(f: DescField): { no: number; name: string; kind: string; repeated: boolean; oneof?: string; message?: string } {
  const oneof = f.oneof === undefined ? {} : { oneof: f.oneof.name };
  switch (f.fieldKind) {
    case 'scalar': return { no: f.number, name: f.name, kind: SCALAR_KINDS[f.scalar] ?? `scalar ${f.scalar}`, repeated: false, ...oneof };
    case 'enum': return { no: f.number, name: f.name, kind: 'enum', repeated: false, ...oneof };
    case 'message': return { no: f.number, name: f.name, kind: 'message', repeated: false, message: f.message.typeName, ...oneof };
    case 'list':
      return f.listKind === 'message'
        ? { no: f.number, name: f.name, kind: 'message', repeated: true, message: f.message.typeName }
        : { no: f.number, name: f.name, kind: f.listKind === 'enum' ? 'enum' : (SCALAR_KINDS[f.scalar] ?? `scalar ${f.scalar}`), repeated: true };
    case 'map': return { no: f.number, name: f.name, kind: 'map', repeated: false };
  }
}

function describeSpec(f: S.FieldSpec): ReturnType<typeof describeField> {
  return {
    no: f.no, name: f.name, kind: f.kind, repeated: f.repeated,
    ...(f.oneof === undefined ? {} : { oneof: f.oneof }),
    ...(f.message === undefined ? {} : { message: f.message.name }),
  };
}

const GENERATED: readonly DescMessage[] = ([...Object.values(gossipPb), ...Object.values(commonPb), WktTimestamp] as unknown[])
  .filter((v): v is DescMessage => typeof v === 'object' && v !== null && (v as { kind?: string }).kind === 'message');
const byName = new Map(GENERATED.map((d) => [d.typeName, d]));

/** The private-data cases are declared without their insides (signing never needs them). */
const OPAQUE = new Set(['gossip.RemotePvtDataRequest', 'gossip.RemotePvtDataResponse', 'gossip.PrivateDataMessage']);

const TABLES = Object.values(S).filter((v): v is S.MessageSchema => typeof v === 'object' && v !== null && 'byNo' in v);

describe('[MSG-FUNC-SIGNED-BYTES.1] [WIRE-MSG-SCHEMA.1] the signing schema is the wire schema', () => {
  it('[WIRE-MSG-SCHEMA.1] covers GossipMessage, Envelope, Secret and a block with all they embed', () => {
    const names = TABLES.map((t) => t.name);
    for (const needed of ['gossip.GossipMessage', 'gossip.Envelope', 'gossip.SecretEnvelope', 'gossip.Secret', 'common.Block', 'common.Envelope', 'common.ChannelHeader']) expect(names).toContain(needed);
    // Every message a table points at has a table of its own.
    for (const t of TABLES) for (const f of t.fields) if (f.message !== undefined) expect(names).toContain(f.message.name);
  });

  it.each(TABLES.map((t) => [t.name, t] as const))('[MSG-FUNC-SIGNED-BYTES.1] [WIRE-MSG-SCHEMA.1] %s: every field as generated from src/wire/proto', (name, table) => {
    const generated = byName.get(name);
    expect(generated).toBeDefined();
    if (generated === undefined) return;
    // Field numbers ascend: the order Go's marshaller writes in.
    expect(table.fields.map((f) => f.no)).toEqual([...table.fields.map((f) => f.no)].sort((a, b) => a - b));
    if (OPAQUE.has(name)) {
      expect(table.fields).toEqual([]);
      return;
    }
    const expected = [...generated.fields].sort((a, b) => a.number - b.number).map(describeField);
    expect(table.fields.map(describeSpec)).toEqual(expected);
  });
});
