/** Shared fixture: one orderer, one forger, a block maker and a checked dissemination driver. */
import { channelId, createSymbolicSuite, pkiId } from '../../src/core';
import {
  createDisseminationReducer,
  dataEnvelope,
  disseminationViolations,
  type DataEnvelope,
  type DisseminationCommand,
  type DisseminationOutput,
  type DisseminationParams,
  type DisseminationState,
} from '../../src/dissemination';
import type { Block } from '../../src/messages';
import { ordererBlockMaker } from '../../src/scenarios/orderer-blocks';

export const CHANNEL = channelId('A');
export const suite = createSymbolicSuite(7);
export const ordererKey = suite.enroll('OrdererMSP', 'orderer0');
/** A valid identity of the org that is not an orderer: its signature must never make a block valid. */
export const forgerKey = suite.enroll('Org1MSP', 'peer9');
export const makeBlock = ordererBlockMaker(suite, ordererKey);
export const forgeBlock = ordererBlockMaker(suite, forgerKey);
export const reducer = createDisseminationReducer({ crypto: suite, trustedOrderers: [ordererKey.identity] });

export const TEST_PARAMS: DisseminationParams = { maxBlockCountToStore: 10, blockBufferSize: 20, blockGossipEnabled: true, blockExpirationIntervalMs: 400_000 };

export const block = (seq: number, channel: string = CHANNEL): Block => makeBlock(channel, seq, `prev-${seq - 1}`);

export const pushed = (seq: number, from = 'Org1MSP/peer1', env: DataEnvelope = dataEnvelope(CHANNEL, seq, block(seq))): DisseminationCommand =>
  ({ type: 'BLOCK_RECEIVED', nowMs: 0, fromPkiId: pkiId(from), envelope: env });

export const fromOrderer = (seq: number): DisseminationCommand => ({ type: 'BLOCK_FROM_ORDERER', nowMs: 0, seq: seq as never, block: block(seq) });

/** Steps the reducer, checking every invariant after every step, and records every output. */
export class Driver {
  readonly outputs: DisseminationOutput[] = [];
  constructor(public state: DisseminationState) {}

  static start(ledgerHeight = 1, params: Partial<DisseminationParams> = {}): Driver {
    const [s] = reducer.init({ channel: CHANNEL, ledgerHeight, params: { ...TEST_PARAMS, ...params } });
    return new Driver(s);
  }

  step(event: DisseminationCommand): DisseminationOutput[] {
    const [after, outs] = reducer.step(this.state, event);
    const violations = disseminationViolations({ before: this.state, event, outputs: outs, after });
    if (violations.length > 0) throw new Error(`on ${event.type}: ${violations.join('; ')}`);
    this.state = after;
    this.outputs.push(...outs);
    return [...outs];
  }

  committed(): number[] {
    return this.outputs.flatMap((o) => (o.kind === 'commit' ? [o.seq] : []));
  }

  forwarded(): number[] {
    return this.outputs.flatMap((o) => (o.kind === 'forward' ? [o.envelope.payload.content.dataMsg.payload.seqNum] : []));
  }
}

export const kinds = (outs: readonly DisseminationOutput[]): string[] => outs.map((o) => o.kind);
export const logRules = (outs: readonly DisseminationOutput[]): unknown[] => outs.flatMap((o) => (o.kind === 'log' ? [o.fields['rule']] : []));
