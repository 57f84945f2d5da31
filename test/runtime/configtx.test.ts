/**
 * Config blocks: the ordering service cuts the channel's new config (anchor peers) into a block of
 * Fabric's shape, a peer that commits it hands the config to its reducer as JOIN_CHANNEL, and a
 * config that does not read changes nothing; the orderer's admin calls cut blocks and updates.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import { JoinChannel } from '../../src/peer/commands';
import { decodeWith } from '../../src/core';
import type { Block } from '../../src/messages';
import { configTransaction, readConfigBlock, withAnchorPeers, type ChannelConfigValue } from '../../src/runtime/configtx';
import { ConfigEnvelopeSchema } from '../../src/runtime/gen/common/configtx_pb';
import { watchConfigBlocks } from '../../src/runtime/ledger/config-watch';
import { MemoryBlockStore } from '../../src/runtime/ledger/memory';
import { postJson } from '../../src/runtime/ops/http-client';
import { OpsServer } from '../../src/runtime/ops/server';
import { ordererAdmin } from '../../src/runtime/orderer/admin';
import { blockOfTransactions, Chain } from '../../src/runtime/orderer/blocks';
import { MemoryTelemetry } from '../../src/runtime/ports';
import { commonPb, decodeBlock, encodeBlock } from '../../src/wire';
import { CHANNEL, makeNet, startOrderer } from './network-fixture';

const net = makeNet(81);
const genesis: ChannelConfigValue = { channel: CHANNEL, sequence: 0, orgs: [{ mspId: 'Org1MSP', anchorPeers: [] }, { mspId: 'Org2MSP', anchorPeers: [] }] };

/** A config transaction made by hand, to reach the reader's failure paths. */
function rawConfigTx(data: Uint8Array): string {
  const header = create(commonPb.ChannelHeaderSchema, { type: commonPb.HeaderType.CONFIG, channelId: CHANNEL });
  const payload = create(commonPb.PayloadSchema, { header: { channelHeader: toBinary(commonPb.ChannelHeaderSchema, header) }, data });
  return Buffer.from(toBinary(commonPb.EnvelopeSchema, create(commonPb.EnvelopeSchema, { payload: toBinary(commonPb.PayloadSchema, payload) }))).toString('latin1');
}

describe('runtime config blocks', () => {
  it('[GEN-FUNC-RUNTIME-CONFIG-BLOCKS.1] an anchor-peer update is a config block that survives the wire and reads back as the whole new config', () => {
    const chain = new Chain(net.suite, net.ordererKey, CHANNEL);
    chain.cut();
    const org1 = withAnchorPeers(genesis, 'Org1MSP', [{ host: '127.0.0.1', port: 7051 }]);
    const both = withAnchorPeers(org1, 'Org2MSP', [{ host: '127.0.0.1', port: 9051 }]);
    expect([org1.sequence, both.sequence]).toEqual([1, 2]);
    const block = chain.cutConfig(both);
    expect(block.header.number).toBe(1);
    expect(block.data).toHaveLength(1);
    const bytes = encodeBlock(block);
    if (!bytes.ok) throw new Error(bytes.error.message);
    const back = decodeBlock(bytes.value);
    if (!back.ok) throw new Error(back.error.message);
    expect(back.value.header.channelId).toBe(CHANNEL);
    const read = readConfigBlock(back.value);
    expect(read).toEqual({
      kind: 'config',
      join: { type: 'JOIN_CHANNEL', channel: CHANNEL, sequence: 2, orgs: [{ mspId: 'Org1MSP', anchorPeers: [{ host: '127.0.0.1', port: 7051 }] }, { mspId: 'Org2MSP', anchorPeers: [{ host: '127.0.0.1', port: 9051 }] }] },
    });
    // What it reads is a JOIN_CHANNEL command the peer decodes.
    expect(decodeWith(JoinChannel, read.kind === 'config' ? read.join : undefined).ok).toBe(true);
    // An ordinary block is not a config block; an update naming no org of the channel is refused.
    expect(readConfigBlock(chain.blocks[0] as Block)).toEqual({ kind: 'notConfig' });
    expect(() => withAnchorPeers(genesis, 'Org3MSP', [])).toThrow(RangeError);
  });

  it('[GEN-FUNC-RUNTIME-CONFIG-BLOCKS.1] a config that does not read is reported with the field at fault', () => {
    const block = (tx: string): Block => blockOfTransactions(net.suite, net.ordererKey, CHANNEL, 0, '', [tx]);
    const reasonOf = (data: Uint8Array): string => {
      const read = readConfigBlock(block(rawConfigTx(data)));
      return read.kind === 'invalid' ? read.reason : `not refused: ${read.kind}`;
    };
    expect(reasonOf(new Uint8Array([0xff, 0xff]))).toContain('ConfigEnvelope');
    expect(reasonOf(toBinary(ConfigEnvelopeSchema, create(ConfigEnvelopeSchema, { config: { sequence: 3n, channelGroup: {} } })))).toContain('no Application group');
    const noMsp = create(ConfigEnvelopeSchema, { config: { sequence: 3n, channelGroup: { groups: { Application: { groups: { Org1MSP: {} } } } } } });
    expect(reasonOf(toBinary(ConfigEnvelopeSchema, noMsp))).toContain('mspId');
    // A well-formed one of the same shape reads.
    expect(readConfigBlock(block(configTransaction(genesis)))).toMatchObject({ kind: 'config', join: { sequence: 0 } });
  });

  it('[GEN-FUNC-RUNTIME-CONFIG-BLOCKS.1] a peer hands a committed config block to its reducer as JOIN_CHANNEL; a bad one is counted and changes nothing', async () => {
    const telemetry = new MemoryTelemetry();
    const joins: unknown[] = [];
    const store = watchConfigBlocks(new MemoryBlockStore(net.suite), (join) => joins.push(join), telemetry);
    const chain = new Chain(net.suite, net.ordererKey, CHANNEL);
    const updated = withAnchorPeers(genesis, 'Org2MSP', [{ host: 'peer0.org2', port: 9051 }]);
    const blocks = [chain.cut(), chain.cutConfig(updated)];
    expect(await store.append(CHANNEL, 0, blocks[0])).toEqual({ ok: true });
    expect(joins).toEqual([]);
    // Not yet committed (a refused append) is not applied.
    expect((await store.append(CHANNEL, 5, blocks[1])).ok).toBe(false);
    expect(joins).toEqual([]);
    expect(await store.append(CHANNEL, 1, blocks[1])).toEqual({ ok: true });
    expect(joins).toEqual([{ type: 'JOIN_CHANNEL', channel: CHANNEL, sequence: 1, orgs: updated.orgs }]);
    expect(telemetry.total('runtime_config_blocks_total')).toBe(1);
    // A config block whose config does not read: committed (it is a valid block), counted, not applied.
    const bad = blockOfTransactions(net.suite, net.ordererKey, CHANNEL, 2, '', [rawConfigTx(new Uint8Array([0xff]))]);
    const other = watchConfigBlocks(new MemoryBlockStore(net.suite), (join) => joins.push(join), telemetry);
    expect(await other.append(CHANNEL, 0, { ...bad, header: { ...bad.header, number: 0 } })).toEqual({ ok: true });
    expect(joins).toHaveLength(1);
    expect(telemetry.total('runtime_config_block_errors_total')).toBe(1);
  });

  it('[GEN-FUNC-RUNTIME-ORDERER-ADMIN.1] the ordering service\'s admin calls cut blocks and anchor-peer updates; bad calls are refused naming the field', async () => {
    const orderer = await startOrderer(net);
    const ops = await OpsServer.listen('127.0.0.1', 0, { health: () => [], metrics: () => Promise.resolve(''), status: () => ({}), post: ordererAdmin(orderer, [CHANNEL]) });
    try {
      expect(await postJson(ops.address, `/channels/${CHANNEL}/blocks`, {})).toEqual({ status: 200, body: { block: 0 } });
      const update = { mspId: 'Org1MSP', anchorPeers: [{ host: '127.0.0.1', port: 7051 }] };
      expect(await postJson(ops.address, `/channels/${CHANNEL}/anchorpeers`, update)).toEqual({ status: 200, body: { block: 1, sequence: 1 } });
      expect(readConfigBlock(orderer.service.blocks(CHANNEL)[1] as Block)).toMatchObject({ kind: 'config', join: { sequence: 1, orgs: [{ mspId: 'Org1MSP', anchorPeers: update.anchorPeers }, { mspId: 'Org2MSP', anchorPeers: [] }] } });
      const badPort = await postJson(ops.address, `/channels/${CHANNEL}/anchorpeers`, { mspId: 'Org1MSP', anchorPeers: [{ host: 'h', port: 70000 }] });
      expect(badPort?.status).toBe(400);
      expect(JSON.stringify(badPort?.body)).toContain('port');
      expect((await postJson(ops.address, `/channels/${CHANNEL}/anchorpeers`, { mspId: 'Org9MSP', anchorPeers: [] }))?.status).toBe(400);
      expect((await postJson(ops.address, '/channels/other/blocks', {}))?.status).toBe(404);
      expect(orderer.height(CHANNEL)).toBe(2);
    } finally {
      await ops.close();
      await orderer.stop();
    }
  });
});
