/**
 * `use statetransfer`: anti-entropy state transfer instances (src/statetransfer; Fabric's
 * gossip/state/state.go) with in-memory ledgers, requests and responses through the mailbox. The
 * transcript plays the host's part: a `readLedger` is answered by a message from `ledger`
 * (`read#<correlation>`, delivered like any other, so the answer is a later input), and the blocks
 * of a `blocksFetched` are appended to the node's ledger, which then reports its height the same
 * way (`height N`). Heights advertised by StateInfo and the payload buffer's size are given by
 * commands. Blocks are the ordering service's chain (symbolic crypto); a `forged` node's ledger
 * holds blocks signed by a peer, which VerifyBlock refuses.
 *
 *   use statetransfer checkInterval=10s responseTimeout=3s batchSize=10 maxRetries=3 blockBufferSize=20 channelSize=100
 *   node p1 height=1 [seed=N] [forged] [denies=(p3)]   denies: Readers policy refuses those
 *   heights node=p1 peers=(p2:10,p3:5)       HEIGHTS_ADVERTISED
 *   buffer node=p1 size=41                   BUFFER_SIZE
 *   request from=p9 to=p2 start=1 end=3 [nonce=N]   a request from a peer outside the transcript
 *   stop node=p1                             STOP
 * State: the requester and responder regions, ledger height, the current request.
 */
import { createSymbolicSuite, pkiId } from '../../core';
import { verifyBlock } from '../../dissemination';
import type { Block } from '../../messages';
import { ordererBlockMaker } from '../../scenarios/orderer-blocks';
import {
  createStateTransferReducer,
  DEFAULT_STATE_TRANSFER_PARAMS,
  EMPTY_MEMORY_LEDGER,
  headerHashWith,
  memoryAppend,
  memoryHeight,
  memoryReadRange,
  stateTransferRegions,
  stateTransferViolations,
  type MemoryLedger,
  type StateTransferCommand,
  type StateTransferOutput,
  StateTransferParams,
  type StateTransferState,
  type StateTransferTimerEvent,
} from '../../statetransfer';
import type { Args } from '../args';
import { Aliases, fmtMs, numList, range } from '../format';
import { decodedParams, nodeArg, oneWord, startUnit, UnitSession, type Started } from '../session';
import type { Posted, UnitHost, UnitNode } from '../unit-host';

const CHANNEL = 'testchannel';
const suite = createSymbolicSuite(11);
const ordererKey = suite.enroll('OrdererMSP', 'orderer0');
const forgerKey = suite.enroll('Org1MSP', 'forger');
const hashHeader = headerHashWith(suite);
const verify = (seq: number, block: Block) => verifyBlock(suite, [ordererKey.identity], CHANNEL, seq, block);

/** The chain 0 … count − 1, each block's previousHash the hash of the header before it. */
function chain(count: number, forged: boolean): Block[] {
  const make = ordererBlockMaker(suite, forged ? forgerKey : ordererKey);
  const blocks: Block[] = [];
  for (let seq = 0; seq < count; seq++) {
    const prev = blocks[seq - 1];
    blocks.push(make(CHANNEL, seq, prev === undefined ? '' : hashHeader(prev.header)));
  }
  return blocks;
}

function ledgerOf(blocks: readonly Block[]): MemoryLedger {
  let ledger = EMPTY_MEMORY_LEDGER;
  for (const b of blocks) ledger = memoryAppend(ledger, b, hashHeader)[0];
  return ledger;
}

interface NodeData {
  ledger: MemoryLedger;
  readonly denies: readonly string[];
}

type HostMessage =
  | { readonly kind: 'read'; readonly correlation: number; readonly startSeq: number; readonly endSeq: number }
  | { readonly kind: 'height'; readonly height: number };

export function stateTransferSubject(a: Args): Started {
  const params = decodedParams(a, StateTransferParams, {
    checkIntervalMs: a.ms('checkInterval', DEFAULT_STATE_TRANSFER_PARAMS.checkIntervalMs),
    responseTimeoutMs: a.ms('responseTimeout', DEFAULT_STATE_TRANSFER_PARAMS.responseTimeoutMs),
    batchSize: a.int('batchSize', DEFAULT_STATE_TRANSFER_PARAMS.batchSize),
    maxRetries: a.int('maxRetries', DEFAULT_STATE_TRANSFER_PARAMS.maxRetries),
    blockBufferSize: a.int('blockBufferSize', DEFAULT_STATE_TRANSFER_PARAMS.blockBufferSize),
    channelSize: a.int('channelSize', DEFAULT_STATE_TRANSFER_PARAMS.channelSize),
  });
  a.done();
  const reducer = createStateTransferReducer({ verifyBlock: verify });
  const nonces = new Aliases('n');
  const data = (n: UnitNode): NodeData => n.extra as unknown as NodeData;
  const step = (s: unknown, e: unknown) => reducer.step(s as StateTransferState, e as StateTransferCommand | StateTransferTimerEvent);

  const render = (h: UnitHost, node: UnitNode, out: unknown): string[] => {
    const o = out as StateTransferOutput;
    switch (o.kind) {
      case 'sendStateRequest': {
        const label = `stateRequest ${nonces.of(o.nonce)} ${range(o.startSeq, o.endSeq)}`;
        if (h.node(o.to) !== undefined) h.post(node.name, o.to, label, o);
        return [`send ${label} -> ${o.to}`];
      }
      case 'sendStateResponse': {
        const label = `stateResponse ${nonces.of(o.nonce)} ${numList(o.payloads.map((p) => p.seqNum))}`;
        if (h.node(o.to) !== undefined) h.post(node.name, o.to, label, o);
        return [`send ${label} -> ${o.to}`];
      }
      case 'readLedger':
        h.post('ledger', node.name, `read#${o.correlation} ${range(o.startSeq, o.endSeq)}`, { kind: 'read', correlation: o.correlation, startSeq: o.startSeq, endSeq: o.endSeq } satisfies HostMessage);
        return [`readLedger#${o.correlation} ${range(o.startSeq, o.endSeq)}`];
      case 'blocksFetched': {
        const d = data(node);
        const before = memoryHeight(d.ledger);
        for (const p of o.payloads) if (p.seqNum === memoryHeight(d.ledger)) d.ledger = memoryAppend(d.ledger, p.data, hashHeader)[0];
        const height = memoryHeight(d.ledger);
        if (height !== before) h.post('ledger', node.name, `height ${height}`, { kind: 'height', height } satisfies HostMessage);
        return [`blocksFetched from=${o.from} seqs=${numList(o.payloads.map((p) => p.seqNum))}`];
      }
      case 'rejected':
        return [`rejected ${o.reason}`];
      case 'metric':
        return [`metric ${o.name}=${o.value}`];
      default:
        return [JSON.stringify(o)];
    }
  };

  const receive = (h: UnitHost, m: Posted, to: UnitNode): StateTransferCommand => {
    if (m.from === 'ledger') {
      const hm = m.message as HostMessage;
      if (hm.kind === 'height') return { type: 'LEDGER_HEIGHT', height: hm.height };
      return { type: 'LEDGER_READ', correlation: hm.correlation, blocks: memoryReadRange(data(to).ledger, hm.startSeq, hm.endSeq) };
    }
    const o = m.message as Extract<StateTransferOutput, { kind: 'sendStateRequest' | 'sendStateResponse' }>;
    const authorized = !data(to).denies.includes(m.from);
    if (o.kind === 'sendStateRequest') {
      return { type: 'STATE_REQUEST_RECEIVED', nowMs: h.nowMs, from: pkiId(m.from), nonce: o.nonce, authorized, startSeq: o.startSeq, endSeq: o.endSeq };
    }
    return { type: 'STATE_RESPONSE_RECEIVED', nowMs: h.nowMs, from: pkiId(m.from), nonce: o.nonce, authorized, payloads: o.payloads };
  };

  const session = new UnitSession(
    {
      multi: true,
      output: render,
      receive,
      timerInput: (event) => event,
      summary: (n): Record<string, string> => {
        const s = n.state as StateTransferState;
        const r = stateTransferRegions(s);
        const t = s.context.transfer;
        return {
          requester: r.requester,
          responder: r.responder,
          ledger: String(memoryHeight(data(n).ledger)),
          request: t === null ? 'none' : `${t.request.to}:${range(t.request.startSeq, t.request.endSeq)}#${t.attempt}`,
        };
      },
      check: (before, event, outputs, after) =>
        stateTransferViolations({ before: before as StateTransferState, event: event as never, outputs: outputs as StateTransferOutput[], after: after as StateTransferState }),
    },
    {
      node(h, c) {
        const forged = c.flag('forged');
        const name = oneWord(c, 'name one node: node p1 height=N');
        const height = c.int('height');
        const seed = c.int('seed', h.nodes.size + 1);
        const denies = c.list('denies', []);
        c.done();
        if (h.node(name) !== undefined) c.fail(`${name} exists`);
        const extra: NodeData = { ledger: ledgerOf(chain(height, forged)), denies };
        h.addNode(name, step, reducer.init({ selfId: pkiId(name), seed, params, ledgerHeight: height }), extra as unknown as Record<string, unknown>);
      },
      heights(h, c) {
        const node = nodeArg(h, c);
        const peers = c.list('peers').map((p) => {
          const m = /^([^:]+):(\d+)$/.exec(p) ?? c.fail(`peer ${p} must be name:height`);
          return { pkiId: pkiId(m[1] as string), height: Number(m[2]) };
        });
        c.done();
        h.input(node, { type: 'HEIGHTS_ADVERTISED', peers } satisfies StateTransferCommand);
      },
      buffer(h, c) {
        const node = nodeArg(h, c);
        const size = c.int('size');
        c.done();
        h.input(node, { type: 'BUFFER_SIZE', size } satisfies StateTransferCommand);
      },
      request(h, c) {
        const node = nodeArg(h, c, 'to');
        const from = c.str('from');
        const startSeq = c.int('start');
        const endSeq = c.int('end');
        const nonce = BigInt(c.int('nonce', 1));
        c.done();
        h.print(`${from} -> ${node.name}: stateRequest ${nonces.of(nonce)} ${range(startSeq, endSeq)} (from outside)`);
        const authorized = !data(node).denies.includes(from);
        h.input(node, { type: 'STATE_REQUEST_RECEIVED', nowMs: h.nowMs, from: pkiId(from), nonce, authorized, startSeq, endSeq } satisfies StateTransferCommand);
      },
      stop(h, c) {
        const node = nodeArg(h, c);
        c.done();
        h.input(node, { type: 'STOP' } satisfies StateTransferCommand);
      },
    },
  );
  return startUnit(session, (h) => {
    h.print(
      `params checkInterval=${fmtMs(params.checkIntervalMs)} responseTimeout=${fmtMs(params.responseTimeoutMs)} batchSize=${params.batchSize} ` +
        `maxRetries=${params.maxRetries} blockBufferSize=${params.blockBufferSize} channelSize=${params.channelSize}`,
    );
  });
}
