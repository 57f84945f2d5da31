/**
 * `use pull`: pull engines (src/pull, Fabric's pull/pullstore.go) exchanging hello, digest,
 * request and update through the transcript's mailbox. Items are opaque ids; a node's update is
 * taken whole by the receiving host (the composition validates the items; here all are good).
 *
 *   use pull pullInterval=500ms pullPeerNum=10 digestWaitTime=100ms requestWaitTime=200ms responseWaitTime=200ms
 *   node p1 [items=(1,2)] [peers=(p2,p3)] [seed=1]   create an engine (ITEMS_ADDED, PEERS_UPDATED)
 *   add node=p1 items=(3) / remove node=p1 items=(1) / peers node=p1 peers=(p2)
 *   stop node=p1
 * Nonces print as aliases n1, n2, ... State: the initiator's round phase, items, peers, and the
 * hellos the responder remembers (peer:nonce).
 */
import { pkiId } from '../../core';
import {
  createPullReducer,
  DEFAULT_PULL_PARAMS,
  pullViolations,
  type PullCommand,
  type PullEvent,
  type PullMessageOutput,
  type PullOutput,
  PullParams,
  type PullState,
} from '../../pull';
import type { Args } from '../args';
import { Aliases, fmtMs, list } from '../format';
import { decodedParams, nodeArg, oneWord, startUnit, UnitSession, type Started } from '../session';
import type { UnitHost, UnitNode } from '../unit-host';
import { leafAt } from './state-value';

const byId = (a: string, b: string): number => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0);
const ids = (xs: readonly string[]): string => list([...xs].sort(byId));

export function pullSubject(a: Args): Started {
  const params = decodedParams(a, PullParams, {
    pullIntervalMs: a.ms('pullInterval', DEFAULT_PULL_PARAMS.pullIntervalMs),
    pullPeerNum: a.int('pullPeerNum', DEFAULT_PULL_PARAMS.pullPeerNum),
    digestWaitTimeMs: a.ms('digestWaitTime', DEFAULT_PULL_PARAMS.digestWaitTimeMs),
    requestWaitTimeMs: a.ms('requestWaitTime', DEFAULT_PULL_PARAMS.requestWaitTimeMs),
    responseWaitTimeMs: a.ms('responseWaitTime', DEFAULT_PULL_PARAMS.responseWaitTimeMs),
  });
  a.done();
  const reducer = createPullReducer();
  const nonces = new Aliases('n');
  const step = (s: unknown, e: unknown) => reducer.step(s as PullState, e as PullEvent);

  const label = (m: PullMessageOutput): string => {
    const n = nonces.of(m.nonce);
    switch (m.kind) {
      case 'sendHello':
        return `hello ${n}`;
      case 'sendDigest':
        return `digest ${n} ${ids(m.ids)}`;
      case 'sendRequest':
        return `request ${n} ${ids(m.ids)}`;
      case 'sendUpdate':
        return `update ${n} ${ids(m.ids)}`;
    }
  };

  const render = (h: UnitHost, node: UnitNode, out: unknown): string[] => {
    const o = out as PullOutput;
    if (o.kind === 'setTimer' || o.kind === 'cancelTimer') return [];
    const text = label(o);
    if (h.node(o.to) !== undefined) h.post(node.name, o.to, text, o);
    return [`send ${text} -> ${o.to}`];
  };

  const receive = (h: UnitHost, m: { from: string; message: unknown }): PullCommand => {
    const o = m.message as PullMessageOutput;
    const base = { nowMs: h.nowMs, from: pkiId(m.from), nonce: o.nonce };
    switch (o.kind) {
      case 'sendHello':
        return { type: 'HELLO_RECEIVED', ...base };
      case 'sendDigest':
        return { type: 'DIGEST_RECEIVED', ...base, ids: o.ids };
      case 'sendRequest':
        return { type: 'REQUEST_RECEIVED', ...base, ids: o.ids };
      case 'sendUpdate':
        return { type: 'UPDATE_RECEIVED', ...base, ids: o.ids };
    }
  };

  const session = new UnitSession(
    {
      multi: true,
      output: render,
      receive: (h, m) => receive(h, m),
      timerInput: (event) => event,
      summary: (n): Record<string, string> => {
        const s = n.state as PullState;
        if (s.status === 'done') return { round: 'stopped' };
        const c = s.context;
        return {
          round: leafAt(s.value, ['running', 'initiator', 'rounds']) ?? 'none',
          items: ids(c.items),
          peers: list([...c.peers].sort()),
          remembered: list(c.incoming.map((i) => `${i.from}:${nonces.of(i.nonce)}`)),
        };
      },
      check: (before, event, outputs, after) =>
        pullViolations({ before: before as PullState, event: event as PullEvent, outputs: outputs as PullOutput[], after: after as PullState }),
    },
    {
      node(h, c) {
        const name = oneWord(c, 'name one node: node p1 [items=(...)] [peers=(...)] [seed=N]');
        const items = c.list('items', []);
        const peers = c.list('peers', []);
        const seed = c.int('seed', h.nodes.size + 1);
        c.done();
        if (h.node(name) !== undefined) c.fail(`${name} exists`);
        const node = h.addNode(name, step, reducer.init({ selfId: pkiId(name), seed, params }));
        if (items.length > 0) h.input(node, { type: 'ITEMS_ADDED', ids: items } satisfies PullCommand);
        if (peers.length > 0) h.input(node, { type: 'PEERS_UPDATED', peers: peers.map(pkiId) } satisfies PullCommand);
      },
      add(h, c) {
        const node = nodeArg(h, c);
        const items = c.list('items');
        c.done();
        h.input(node, { type: 'ITEMS_ADDED', ids: items } satisfies PullCommand);
      },
      remove(h, c) {
        const node = nodeArg(h, c);
        const items = c.list('items');
        c.done();
        h.input(node, { type: 'ITEMS_REMOVED', ids: items } satisfies PullCommand);
      },
      peers(h, c) {
        const node = nodeArg(h, c);
        const peers = c.list('peers');
        c.done();
        h.input(node, { type: 'PEERS_UPDATED', peers: peers.map(pkiId) } satisfies PullCommand);
      },
      stop(h, c) {
        const node = nodeArg(h, c);
        c.done();
        h.input(node, { type: 'STOP' } satisfies PullCommand);
      },
    },
  );
  return startUnit(session, (h) => {
    h.print(
      `params pullInterval=${fmtMs(params.pullIntervalMs)} pullPeerNum=${params.pullPeerNum} digestWaitTime=${fmtMs(params.digestWaitTimeMs)} ` +
        `requestWaitTime=${fmtMs(params.requestWaitTimeMs)} responseWaitTime=${fmtMs(params.responseWaitTimeMs)}`,
    );
  });
}
