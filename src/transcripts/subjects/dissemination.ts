/**
 * `use dissemination`: one channel's push dissemination (src/dissemination; Fabric's
 * gossip_impl.go data path, state.go's payload buffer and commit). One node, `peer`, with the
 * composed peer's opt-ins (`stored`, `pulledTaken`, `bufferSize` outputs). Blocks are made and
 * signed by the transcript's ordering service (`orderer0` of OrdererMSP, symbolic crypto);
 * `forged` blocks are signed by a peer of Org1MSP instead, which VerifyBlock must refuse.
 *
 *   use dissemination channel=A ledgerHeight=1 maxBlockCountToStore=10 blockBufferSize=20 blockGossipEnabled=on blockExpirationInterval=400s
 *   orderer seq=3 [forged]                 BLOCK_FROM_ORDERER (this peer leads)
 *   push seq=3 from=p2 [forged] [channel=B] BLOCK_RECEIVED (a same-org peer pushed it)
 *   pulled from=p2 seqs=(3,4) [forged=(4)] BLOCKS_PULLED (one pulled update)
 *   fetched from=p2 seqs=(3,4)             BLOCKS_FETCHED (state transfer's verified blocks)
 *   stop
 * State: height (the next block to commit), buffer (blocks waiting), store (what pull offers).
 */
import { channelId, createSymbolicSuite, pkiId } from '../../core';
import {
  createDisseminationReducer,
  dataEnvelope,
  DEFAULT_DISSEMINATION_PARAMS,
  disseminationHeight,
  disseminationViolations,
  storedSeqs,
  type DataEnvelope,
  type DisseminationCommand,
  type DisseminationOutput,
  DisseminationParams,
  type DisseminationState,
} from '../../dissemination';
import type { Block } from '../../messages';
import { ordererBlockMaker } from '../../scenarios/orderer-blocks';
import type { Args } from '../args';
import { Aliases, fmtMs, numList } from '../format';
import { decodedParams, startUnit, UnitSession, type Started } from '../session';
import type { UnitNode } from '../unit-host';

/** The suite, the ordering service's key and a forger's key (fixed, so transcripts are stable). */
const suite = createSymbolicSuite(7);
const ordererKey = suite.enroll('OrdererMSP', 'orderer0');
const forgerKey = suite.enroll('Org1MSP', 'forger');
const makeBlock = ordererBlockMaker(suite, ordererKey);
const forgeBlock = ordererBlockMaker(suite, forgerKey);

const seqOf = (e: DataEnvelope): number => e.payload.content.dataMsg.payload.seqNum;

export function disseminationSubject(a: Args): Started {
  const channel = channelId(a.str('channel', 'A'));
  const ledgerHeight = a.int('ledgerHeight', 1);
  const params = decodedParams(a, DisseminationParams, {
    maxBlockCountToStore: a.int('maxBlockCountToStore', DEFAULT_DISSEMINATION_PARAMS.maxBlockCountToStore),
    blockBufferSize: a.int('blockBufferSize', DEFAULT_DISSEMINATION_PARAMS.blockBufferSize),
    blockGossipEnabled: a.bool('blockGossipEnabled', DEFAULT_DISSEMINATION_PARAMS.blockGossipEnabled),
    blockExpirationIntervalMs: a.ms('blockExpirationInterval', DEFAULT_DISSEMINATION_PARAMS.blockExpirationIntervalMs),
  });
  a.done();
  const reducer = createDisseminationReducer({ crypto: suite, trustedOrderers: [ordererKey.identity], reportStored: true, reportBufferSize: true });
  const nonces = new Aliases('n');
  const block = (seq: number, forged: boolean, ch: string = channel): Block => (forged ? forgeBlock : makeBlock)(ch, seq, `prev-${seq - 1}`);

  const render = (_h: unknown, _n: UnitNode, out: unknown): string[] => {
    const o = out as DisseminationOutput | { kind: string; [k: string]: unknown };
    switch (o.kind) {
      case 'forward': {
        const f = o as Extract<DisseminationOutput, { kind: 'forward' }>;
        return [`forward #${seqOf(f.envelope)} exclude=${f.excludePkiId}`];
      }
      case 'gossip':
        return [`gossip #${seqOf((o as Extract<DisseminationOutput, { kind: 'gossip' }>).envelope)}`];
      case 'commit':
        return [`commit #${(o as { seq: number }).seq}`];
      case 'log': {
        const l = o as Extract<DisseminationOutput, { kind: 'log' }>;
        const rule = l.fields['rule'];
        return [`log ${l.level}${typeof rule === 'string' ? ` [${rule}]` : ''} ${l.message}`];
      }
      case 'updateRejected': {
        const r = o as Extract<DisseminationOutput, { kind: 'updateRejected' }>;
        return [`updateRejected from=${r.fromPkiId} at #${r.seq}: ${r.detail}`];
      }
      case 'ordererBlockRejected': {
        const r = o as Extract<DisseminationOutput, { kind: 'ordererBlockRejected' }>;
        return [`ordererBlockRejected #${r.seq}: ${r.detail}`];
      }
      case 'stored': {
        const r = o as unknown as { added: number[]; removed: number[] };
        return [`stored added=${numList(r.added)} removed=${numList(r.removed)}`];
      }
      case 'pulledTaken': {
        const r = o as unknown as { fromPkiId: string; nonce: bigint; seqs: number[] };
        return [`pulledTaken from=${r.fromPkiId} nonce=${nonces.of(r.nonce)} seqs=${numList(r.seqs)}`];
      }
      case 'pushedBlockRejected': {
        const r = o as unknown as { fromPkiId: string; seq: number; detail: string };
        return [`pushedBlockRejected from=${r.fromPkiId} #${r.seq}: ${r.detail}`];
      }
      case 'bufferSize':
        return [`bufferSize ${(o as unknown as { size: number }).size}`];
      case 'fetchedRefused': {
        const r = o as unknown as { fromPkiId: string; seqs: number[]; bufferSize: number; limit: number };
        return [`fetchedRefused from=${r.fromPkiId} seqs=${numList(r.seqs)} bufferSize=${r.bufferSize} limit=${r.limit}`];
      }
      default:
        return [JSON.stringify(o)];
    }
  };

  const session = new UnitSession(
    {
      multi: false,
      output: render,
      receive: () => {
        throw new Error('dissemination inputs are built by its commands');
      },
      timerInput: (event, nowMs) => ({ ...(event as object), nowMs }),
      summary: (n): Record<string, string> => {
        const s = n.state as DisseminationState;
        if (s.status === 'done') return { value: 'stopped' };
        return { height: String(disseminationHeight(s)), buffer: numList(s.context.buffer.payloads.map((p) => p.seq)), store: numList([...storedSeqs(s)]) };
      },
      check: (before, event, outputs, after) =>
        disseminationViolations({ before: before as DisseminationState, event: event as DisseminationCommand, outputs: outputs as DisseminationOutput[], after: after as DisseminationState }),
    },
    {
      orderer(h, c) {
        const seq = c.int('seq');
        const forged = c.flag('forged');
        c.done();
        h.input(h.node('peer') as UnitNode, { type: 'BLOCK_FROM_ORDERER', nowMs: h.nowMs, seq: seq as never, block: block(seq, forged) } satisfies DisseminationCommand);
      },
      push(h, c) {
        const seq = c.int('seq');
        const from = c.str('from');
        const forged = c.flag('forged');
        const ch = c.str('channel', channel);
        c.done();
        const envelope = dataEnvelope(ch, seq, block(seq, forged, ch));
        h.input(h.node('peer') as UnitNode, { type: 'BLOCK_RECEIVED', nowMs: h.nowMs, fromPkiId: pkiId(from), envelope } satisfies DisseminationCommand);
      },
      pulled(h, c) {
        const from = c.str('from');
        const seqs = c.list('seqs').map(Number);
        const forged = c.list('forged', []).map(Number);
        const nonce = BigInt(c.int('nonce', 1));
        c.done();
        const envelopes = seqs.map((seq) => dataEnvelope(channel, seq, block(seq, forged.includes(seq))));
        h.input(h.node('peer') as UnitNode, { type: 'BLOCKS_PULLED', nowMs: h.nowMs, fromPkiId: pkiId(from), nonce, envelopes } satisfies DisseminationCommand);
      },
      fetched(h, c) {
        const from = c.str('from');
        const seqs = c.list('seqs').map(Number);
        c.done();
        const blocks = seqs.map((seq) => ({ seq: seq as never, block: block(seq, false) }));
        h.input(h.node('peer') as UnitNode, { type: 'BLOCKS_FETCHED', nowMs: h.nowMs, fromPkiId: pkiId(from), blocks } satisfies DisseminationCommand);
      },
      stop(h, c) {
        c.done();
        h.input(h.node('peer') as UnitNode, { type: 'STOP' } satisfies DisseminationCommand);
      },
    },
  );
  return startUnit(session, (h) => {
    h.print(
      `params channel=${channel} ledgerHeight=${ledgerHeight} maxBlockCountToStore=${params.maxBlockCountToStore} blockBufferSize=${params.blockBufferSize} ` +
        `blockGossipEnabled=${params.blockGossipEnabled} blockExpirationInterval=${fmtMs(params.blockExpirationIntervalMs)}`,
    );
    h.addNode('peer', (s, e) => reducer.step(s as DisseminationState, e as DisseminationCommand), reducer.init({ channel, ledgerHeight, params }));
  });
}
