/** VerifyBlock and the drop rules for pushed blocks, with the port of Fabric's TestChannelBadBlocks. */
import { decodeWith } from '../../src/core';
import { BlockReceived, createDisseminationReducer, dataEnvelope, verifyBlock } from '../../src/dissemination';
import { blockSignedBytes, type Block } from '../../src/messages';
import { makeFabricBlock } from '../../src/runtime/orderer/blocks';
import { block, CHANNEL, Driver, forgeBlock, forgerKey, kinds, logRules, ordererKey, pushed, suite, TEST_PARAMS } from './fixture';

const trusted = [ordererKey.identity];

describe('verifyBlock', () => {
  it('[DIS-FUNC-VERIFY-SIGNATURE.1] accepts a block the orderer made and signed', () => {
    expect(verifyBlock(suite, trusted, CHANNEL, 5, block(5))).toEqual({ ok: true });
  });

  it('[DIS-FUNC-VERIFY-SEQ.1] rejects a claimed seq other than the header number', () => {
    expect(verifyBlock(suite, trusted, CHANNEL, 6, block(5))).toMatchObject({ ok: false, reason: 'seqMismatch' });
  });

  it('[DIS-FUNC-VERIFY-CHANNEL.1] rejects a block whose header names another channel', () => {
    expect(verifyBlock(suite, trusted, CHANNEL, 5, block(5, 'B'))).toMatchObject({ ok: false, reason: 'wrongChannel' });
  });

  it('[DIS-FUNC-VERIFY-DATA-HASH.1] rejects a block whose data was replaced after signing', () => {
    const tampered: Block = { ...block(5), data: ['tx-evil'] };
    expect(verifyBlock(suite, trusted, CHANNEL, 5, tampered)).toMatchObject({ ok: false, reason: 'dataHashMismatch' });
  });

  it('[DIS-FUNC-VERIFY-SIGNATURE.1] rejects a block signed by a valid identity that is not a trusted orderer', () => {
    expect(verifyBlock(suite, trusted, CHANNEL, 5, forgeBlock(CHANNEL, 5, 'prev-4'))).toMatchObject({ ok: false, reason: 'noOrdererSignature' });
  });

  it('[DIS-FUNC-VERIFY-SIGNATURE.1] rejects a forger claiming the orderer identity, and a header changed after signing', () => {
    const b = block(5);
    // The forger signs exactly what the orderer's signature covers, with its own key.
    const forgedSig = suite.sign(forgerKey, blockSignedBytes(ordererKey.identity, b) as Uint8Array);
    const claimed: Block = { ...b, metadata: { signatures: [{ identity: ordererKey.identity, signature: forgedSig }] } };
    expect(verifyBlock(suite, trusted, CHANNEL, 5, claimed)).toMatchObject({ ok: false, reason: 'noOrdererSignature' });
    const moved: Block = { ...b, header: { ...b.header, previousHash: 'other' } };
    expect(verifyBlock(suite, trusted, CHANNEL, 5, moved)).toMatchObject({ ok: false, reason: 'noOrdererSignature' });
  });
});

describe('[MSG-FUNC-BLOCK-SIGNED-BYTES.1] verifyBlock over the bytes Fabric\'s orderer signs', () => {
  // A block whose transactions carry the channel, as the networked orderer cuts them: Fabric's layout.
  const fabricBlock = makeFabricBlock(suite, ordererKey, CHANNEL, 5, 'prev-4', ['tx']);

  it('[MSG-FUNC-BLOCK-SIGNED-BYTES.1] [DIS-FUNC-VERIFY-SIGNATURE.1] accepts it, signed over the signature header and the header\'s DER', () => {
    expect(blockSignedBytes(ordererKey.identity, fabricBlock)?.[0]).not.toBe(0xff);
    expect(verifyBlock(suite, trusted, CHANNEL, 5, fabricBlock)).toEqual({ ok: true });
  });

  it('[MSG-FUNC-BLOCK-SIGNED-BYTES.1] [DIS-FUNC-VERIFY-SIGNATURE.1] rejects it relabelled to another channel (the header names a channel its transaction does not) or with its header changed', () => {
    const relabelled: Block = { ...fabricBlock, header: { ...fabricBlock.header, channelId: 'B' } };
    expect(verifyBlock(suite, trusted, 'B', 5, relabelled)).toMatchObject({ ok: false, reason: 'noOrdererSignature' });
    const moved: Block = { ...fabricBlock, header: { ...fabricBlock.header, previousHash: 'other' } };
    expect(verifyBlock(suite, trusted, CHANNEL, 5, moved)).toMatchObject({ ok: false, reason: 'noOrdererSignature' });
  });
});

describe('[DIS-FUNC-VERIFY-SEQ.1] [DIS-FUNC-VERIFY-CHANNEL.1] [DIS-FUNC-VERIFY-SIGNATURE.1] [DIS-FUNC-CHANNEL.1] [DIS-SAFE-VERIFIED-ONLY.1] TestChannelBadBlocks port', () => {
  const onlyDropped = (outs: ReturnType<Driver['step']>, rule: string) => {
    expect(kinds(outs)).toEqual(['log']);
    expect(logRules(outs)).toEqual([rule]);
  };

  it('[DIS-FUNC-CHANNEL.1] a message naming another channel is dropped', () => {
    const d = Driver.start();
    const env = dataEnvelope(CHANNEL, 1, block(1));
    onlyDropped(d.step(pushed(1, 'Org1MSP/peer1', { ...env, payload: { ...env.payload, channel: 'B' } })), 'DIS-FUNC-CHANNEL.1');
    expect(d.state.context.store).toEqual([]);
  });

  it('[DIS-FUNC-VERIFY-CHANNEL.1] a block of another channel inside a message of ours is dropped', () => {
    const d = Driver.start();
    onlyDropped(d.step(pushed(1, 'Org1MSP/peer1', dataEnvelope(CHANNEL, 1, block(1, 'B')))), 'DIS-FUNC-VERIFY-CHANNEL.1');
  });

  it('[DIS-FUNC-VERIFY-SEQ.1] a payload claiming another seq than its block is dropped', () => {
    const d = Driver.start();
    onlyDropped(d.step(pushed(1, 'Org1MSP/peer1', dataEnvelope(CHANNEL, 1, block(2)))), 'DIS-FUNC-VERIFY-SEQ.1');
  });

  it('[DIS-FUNC-VERIFY-DATA-HASH.1] a tampered block is dropped, and the genuine one is still accepted afterwards', () => {
    const d = Driver.start();
    onlyDropped(d.step(pushed(1, 'Org1MSP/peer1', dataEnvelope(CHANNEL, 1, { ...block(1), data: ['x'] }))), 'DIS-FUNC-VERIFY-DATA-HASH.1');
    // Not stored: a rejected block must not shadow the genuine one.
    expect(kinds(d.step(pushed(1)))).toEqual(['forward', 'commit']);
  });

  it('[DIS-FUNC-VERIFY-SIGNATURE.1] a block failing VerifyBlock (forged signature) is dropped', () => {
    const d = Driver.start();
    onlyDropped(d.step(pushed(1, 'Org1MSP/peer1', dataEnvelope(CHANNEL, 1, forgeBlock(CHANNEL, 1, 'prev-0')))), 'DIS-FUNC-VERIFY-SIGNATURE.1');
    expect(d.committed()).toEqual([]);
  });

  it('[DIS-ASM-INPUTS.1] an empty or malformed payload never reaches the chart: the codec names the bad field', () => {
    const env = dataEnvelope(CHANNEL, 1, block(1));
    const noPayload = { type: 'BLOCK_RECEIVED', nowMs: 0, fromPkiId: 'p', envelope: { ...env, payload: { ...env.payload, content: { $case: 'dataMsg', dataMsg: {} } } } };
    const r = decodeWith(BlockReceived, noPayload);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.path).toBe('envelope.payload.content.dataMsg.payload');
    const alive = { type: 'BLOCK_RECEIVED', nowMs: 0, fromPkiId: 'p', envelope: { ...env, payload: { ...env.payload, content: { $case: 'empty', empty: {} } } } };
    expect(decodeWith(BlockReceived, alive).ok).toBe(false);
    expect(decodeWith(BlockReceived, pushed(1)).ok).toBe(true);
  });
});

describe('[DIS-FUNC-PUSHED-BLOCK-REJECTED.1] a pushed block failing VerifyBlock is reported for counting', () => {
  const pulling = createDisseminationReducer({ crypto: suite, trustedOrderers: trusted, reportStored: true });
  const [start] = pulling.init({ channel: CHANNEL, ledgerHeight: 0, params: TEST_PARAMS });

  it('[DIS-FUNC-PUSHED-BLOCK-REJECTED.1] a forged block is dropped, logged and reported; the state does not change; a good one is not reported', () => {
    const forged = pushed(0, 'Org1MSP/peer1', dataEnvelope(CHANNEL, 0, forgeBlock(CHANNEL, 0, '')));
    const [after, outs] = pulling.step(start, forged);
    expect(after).toEqual(start);
    expect(outs.map((o) => o.kind)).toEqual(['log', 'pushedBlockRejected']);
    expect(outs[1]).toMatchObject({ kind: 'pushedBlockRejected', fromPkiId: 'Org1MSP/peer1', seq: 0 });
    const [, goodOuts] = pulling.step(start, pushed(0));
    expect(goodOuts.map((o) => o.kind)).not.toContain('pushedBlockRejected');
    // Without reportStored the reducer keeps its old outputs.
    const [, plain] = createDisseminationReducer({ crypto: suite, trustedOrderers: trusted }).step(start, forged);
    expect(plain.map((o) => o.kind)).toEqual(['log']);
  });
});
