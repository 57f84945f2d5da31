/**
 * `use election`: leader election instances (src/election, Fabric's election.go) of one org and
 * channel, talking through the transcript's mailbox. A node's leadership message goes to every
 * node of its view (the composition routes it to the same-org channel peers: its view).
 *
 *   use election startupGracePeriod=500ms membershipSampleInterval=100ms leaderAliveThreshold=500ms leaderElectionDuration=500ms
 *   node p1 [mode=dynamic|staticLeader|staticFollower] [view=(p0,p2)]   create (or restart) an instance
 *   view node=p1 peers=(p0,p2)          VIEW_UPDATED
 *   leadership node=p1 from=p9 declaration|proposal   a LEADERSHIP_RECEIVED from outside the transcript
 *   yield node=p1 / stop node=p1        YIELD / STOP
 * PKI-IDs are the node names. State: loop phase, isLeader, leaderExists, yielding, view.
 */
import { pkiId } from '../../core';
import {
  DEFAULT_ELECTION_PARAMS,
  electionReducer,
  electionViolations,
  isLeader,
  isStopped,
  isYielding,
  loopPhase,
  type ElectionEvent,
  type ElectionMode,
  type ElectionOutput,
  ElectionParams,
  type ElectionState,
} from '../../election';
import type { Args } from '../args';
import { fmtMs, list } from '../format';
import { decodedParams, nodeArg, oneWord, startUnit, UnitSession, type Started } from '../session';
import type { UnitHost, UnitNode } from '../unit-host';

const MODES: readonly ElectionMode[] = ['dynamic', 'staticLeader', 'staticFollower'];

interface LeadershipMessage {
  readonly isDeclaration: boolean;
}

const messageLabel = (isDeclaration: boolean, seqNum: number): string => `${isDeclaration ? 'declaration' : 'proposal'}#${seqNum}`;

function render(h: UnitHost, node: UnitNode, out: unknown): string[] {
  const o = out as ElectionOutput;
  switch (o.kind) {
    case 'gossipLeadership': {
      const view = (node.state as ElectionState).context.view;
      const label = messageLabel(o.isDeclaration, o.seqNum);
      for (const to of view) if (h.node(to) !== undefined) h.post(node.name, to, label, { isDeclaration: o.isDeclaration } satisfies LeadershipMessage);
      return [`gossip ${label} -> ${list([...view].sort())}`];
    }
    case 'leadershipChanged':
      return [`leadershipChanged isLeader=${o.isLeader}`];
    case 'metric':
      return [`metric ${o.name}=${o.value}`];
    default:
      return [JSON.stringify(o)];
  }
}

export function electionSubject(a: Args): Started {
  const params = decodedParams(a, ElectionParams, {
    startupGracePeriodMs: a.ms('startupGracePeriod', DEFAULT_ELECTION_PARAMS.startupGracePeriodMs),
    membershipSampleIntervalMs: a.ms('membershipSampleInterval', DEFAULT_ELECTION_PARAMS.membershipSampleIntervalMs),
    leaderAliveThresholdMs: a.ms('leaderAliveThreshold', DEFAULT_ELECTION_PARAMS.leaderAliveThresholdMs),
    leaderElectionDurationMs: a.ms('leaderElectionDuration', DEFAULT_ELECTION_PARAMS.leaderElectionDurationMs),
  });
  a.done();
  const step = (s: unknown, e: unknown) => electionReducer.step(s as ElectionState, e as ElectionEvent);
  const feed = (h: UnitHost, node: UnitNode, e: ElectionEvent) => h.input(node, e);
  const session = new UnitSession(
    {
      multi: true,
      output: render,
      receive: (_h, m) => ({ type: 'LEADERSHIP_RECEIVED', from: pkiId(m.from), isDeclaration: (m.message as LeadershipMessage).isDeclaration }) satisfies ElectionEvent,
      timerInput: (event) => event,
      summary: (n): Record<string, string> => {
        const s = n.state as ElectionState;
        return {
          phase: isStopped(s) ? 'stopped' : loopPhase(s),
          leader: String(isLeader(s)),
          leaderExists: String(s.context.leaderExists),
          yielding: String(isYielding(s)),
          view: list([...s.context.view].sort()),
        };
      },
      check: (before, event, outputs, after) =>
        electionViolations({ before: before as ElectionState, event: event as ElectionEvent, outputs: outputs as ElectionOutput[], after: after as ElectionState }),
    },
    {
      node(h, c) {
        const name = oneWord(c, 'name one node: node p1 [mode=...] [view=(...)]');
        const mode = c.oneOf('mode', MODES, 'dynamic');
        const view = c.list('view', []);
        c.done();
        const existing = h.node(name);
        if (existing !== undefined && existing.up) c.fail(`${name} is running (crash it first to restart it)`);
        const init = electionReducer.init({ selfId: pkiId(name), params, mode, peers: view.map(pkiId) });
        if (existing !== undefined) {
          // A new incarnation: what was on its way to the old one is lost with the connection.
          h.drop({ to: name });
          h.print(`${name} restarted`);
        }
        h.addNode(name, step, init);
      },
      view(h, c) {
        const node = nodeArg(h, c);
        const peers = c.list('peers');
        c.done();
        feed(h, node, { type: 'VIEW_UPDATED', peers: peers.map(pkiId) });
      },
      leadership(h, c) {
        const node = nodeArg(h, c);
        const from = c.str('from');
        const isDeclaration = c.flag('declaration');
        const isProposal = c.flag('proposal');
        c.done();
        if (isDeclaration === isProposal) c.fail('say declaration or proposal');
        feed(h, node, { type: 'LEADERSHIP_RECEIVED', from: pkiId(from), isDeclaration });
      },
      yield(h, c) {
        const node = nodeArg(h, c);
        c.done();
        feed(h, node, { type: 'YIELD' });
      },
      stop(h, c) {
        const node = nodeArg(h, c);
        c.done();
        feed(h, node, { type: 'STOP' });
      },
    },
  );
  return startUnit(session, (h) => {
    h.print(
      `params startupGracePeriod=${fmtMs(params.startupGracePeriodMs)} membershipSampleInterval=${fmtMs(params.membershipSampleIntervalMs)} ` +
        `leaderAliveThreshold=${fmtMs(params.leaderAliveThresholdMs)} leaderElectionDuration=${fmtMs(params.leaderElectionDurationMs)}`,
    );
  });
}
