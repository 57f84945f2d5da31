/**
 * The ledger block as gossip carries it. Fabric marshals a common.Block into Payload.data; we keep
 * the parts the gossip layer checks in VerifyBlock (header number, data hash, channel, orderer
 * signature) as structure. Transactions are opaque strings.
 */
import * as t from 'io-ts';
import { Bytes, SafeUint } from './primitives';

export const BlockHeader = t.type(
  { number: SafeUint, previousHash: Bytes, dataHash: Bytes, channelId: t.string },
  'BlockHeader',
);

export const OrdererSignature = t.type({ identity: Bytes, signature: Bytes }, 'OrdererSignature');

export const Block = t.type(
  {
    header: BlockHeader,
    data: t.readonlyArray(t.string),
    metadata: t.type({ signatures: t.readonlyArray(OrdererSignature) }),
  },
  'Block',
);
export type Block = t.TypeOf<typeof Block>;
