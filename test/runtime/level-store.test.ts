/**
 * The LevelDB ledger and stable storage: what was acknowledged survives a reopen, blocks are
 * checked as Fabric's block store checks them, and a tail that does not read back whole and
 * chained is cut off, never served.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { LevelStore } from '../../src/runtime/ledger/level';
import { Chain } from '../../src/runtime/orderer/blocks';
import { CHANNEL, makeNet } from './network-fixture';

const net = makeNet(41);
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'fgr-level-'));
  dirs.push(d);
  return d;
};

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('runtime durable ledger (classic-level)', () => {
  it('[GEN-FUNC-RUNTIME-DURABLE-LEDGER.1] acknowledged blocks and persisted keys survive a reopen; wrong numbers and broken chains are refused', async () => {
    const dir = tempDir();
    const chain = new Chain(net.suite, net.ordererKey, CHANNEL);
    const blocks = [chain.cut(), chain.cut(), chain.cut()];
    const store = await LevelStore.open(dir, net.suite);
    expect(store.heights()).toEqual({});
    expect(await store.append(CHANNEL, 0, blocks[0])).toEqual({ ok: true });
    expect(await store.append(CHANNEL, 2, blocks[2])).toMatchObject({ ok: false, reason: 'wrongNumber' });
    expect(await store.append(CHANNEL, 1, { ...blocks[1], header: { ...blocks[1]?.header, previousHash: 'x' } })).toMatchObject({ ok: false, reason: 'previousHashMismatch' });
    expect(await store.append(CHANNEL, 1, 'not a block')).toMatchObject({ ok: false, reason: 'undecodable' });
    expect(await store.append(CHANNEL, 1, blocks[1])).toEqual({ ok: true });
    await store.put('channel/mychannel', { type: 'JOIN_CHANNEL', sequence: 1 });
    await store.put('gone', 1);
    await store.put('gone', undefined);
    await store.close();

    const again = await LevelStore.open(dir, net.suite);
    expect(again.heights()).toEqual({ [CHANNEL]: 2 });
    expect(again.ledger(CHANNEL).readRange(0, 5)).toEqual(blocks.slice(0, 2));
    expect(await again.read(CHANNEL, 1, 1)).toEqual([{ seq: 1, block: blocks[1] }]);
    expect(await again.load()).toEqual({ 'channel/mychannel': { type: 'JOIN_CHANNEL', sequence: 1 } });
    expect(await again.append(CHANNEL, 2, blocks[2])).toEqual({ ok: true });
    expect(again.truncated).toEqual({});
    await again.close();
  });

  it('[GEN-FUNC-RUNTIME-DURABLE-LEDGER.1] a block that does not read back whole is cut off with everything after it, and reported', async () => {
    const dir = tempDir();
    const chain = new Chain(net.suite, net.ordererKey, CHANNEL);
    const store = await LevelStore.open(dir, net.suite);
    for (let seq = 0; seq < 4; seq++) expect(await store.append(CHANNEL, seq, chain.cut())).toEqual({ ok: true });
    await store.close();
    // Damage block 2 behind the store's back (a torn write, a bad disk).
    const raw = new ClassicLevel<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' });
    await raw.open();
    await raw.put(`b!${CHANNEL}!${(2).toString(16).padStart(16, '0')}`, new Uint8Array([0x0a, 0x05, 0x01]));
    await raw.close();
    const reopened = await LevelStore.open(dir, net.suite);
    expect(reopened.truncated).toEqual({ [CHANNEL]: 2 });
    expect(reopened.heights()).toEqual({ [CHANNEL]: 2 });
    expect(reopened.ledger(CHANNEL).readRange(0, 10).map((b) => b.header.number)).toEqual([0, 1]);
    // It resumes from there: block 2 again is accepted.
    expect(await reopened.append(CHANNEL, 2, chain.blocks[2])).toEqual({ ok: true });
    await reopened.close();
  });
});
