/** Shared fixture: one orderer, a chained block maker, the VerifyBlock the composition would inject. */
import { createSymbolicSuite } from '../../src/core';
import { verifyBlock } from '../../src/dissemination';
import type { Block } from '../../src/messages';
import { ordererBlockMaker } from '../../src/scenarios/orderer-blocks';
import { EMPTY_MEMORY_LEDGER, headerHashWith, memoryAppend, type MemoryLedger, type StateTransferParams, type VerifyBlock } from '../../src/statetransfer';

export const CHANNEL = 'testchannelid';
export const suite = createSymbolicSuite(11);
export const ordererKey = suite.enroll('OrdererMSP', 'orderer0');
export const forgerKey = suite.enroll('Org1MSP', 'peer9');
const makeBlock = ordererBlockMaker(suite, ordererKey);
export const forgeBlock = ordererBlockMaker(suite, forgerKey);
export const hashHeader = headerHashWith(suite);

/** Dissemination's VerifyBlock bound to this channel and orderer, as the composition injects it. */
export const verify: VerifyBlock = (seq, block) => verifyBlock(suite, [ordererKey.identity], CHANNEL, seq, block);

/** The orderer's chain 0 … count − 1, each block's previousHash the hash of the last header. */
const chainCache: Block[] = [];
export function chain(count: number): readonly Block[] {
  while (chainCache.length < count) {
    const prev = chainCache[chainCache.length - 1];
    chainCache.push(makeBlock(CHANNEL, chainCache.length, prev === undefined ? '' : hashHeader(prev.header)));
  }
  return chainCache.slice(0, count);
}

/** A ledger holding blocks 0 … height − 1 of the chain. */
export function ledgerOf(height: number): MemoryLedger {
  let l = EMPTY_MEMORY_LEDGER;
  for (const b of chain(height)) {
    const [next, v] = memoryAppend(l, b, hashHeader);
    if (!v.ok) throw new Error(v.detail);
    l = next;
  }
  return l;
}

export const payloadOf = (b: Block) => ({ seqNum: b.header.number, data: b, privateData: [] as string[] });

/** gossip/state/config.go defaults, which state_test.go's peers use. */
export const FABRIC_STATE_PARAMS: StateTransferParams = {
  checkIntervalMs: 10_000,
  responseTimeoutMs: 3_000,
  batchSize: 10,
  maxRetries: 3,
  blockBufferSize: 20,
  channelSize: 100,
};
