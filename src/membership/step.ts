/**
 * The membership reducer: createMembershipReducer({crypto, key}) -> { init, step }. The discovery
 * chart (discovery-machine.ts) decides; this turns each input into the chart's event, adding the
 * checks that need crypto ([MEM-FUNC-CHART-CHECKS.1]), steps the chart, and turns its actions into
 * outputs. Crypto is injected; both suites are deterministic, so steps are pure functions of
 * (state, event).
 */
import { fromXstateSnapshot, type CompiledState } from '../core/compiled';
import { machineReducer, type TimerOutput } from '../core/xstate-step';
import { isContent } from '../messages';
import { commandEvent, messageEvent, responseEntryEvent } from './admission';
import type { DiscoveryEvent } from './discovery-events';
import { createDiscoveryMachine } from './discovery-machine';
import type { MembershipEnv } from './draft';
import { parseHostPort, type MembershipEvent, type MembershipInit } from './inputs';
import type { MembershipOutput, MembershipState, MembershipView } from './state';

export type MembershipStepResult = readonly [MembershipState, readonly MembershipOutput[]];

export interface MembershipReducer {
  init(input: MembershipInit): MembershipStepResult;
  step(state: MembershipState, event: MembershipEvent): MembershipStepResult;
}

/** The host-facing id of one of the discovery chart's `after` timers. */
export function discoveryTimerId(afterEvent: string): string {
  return `membership/${afterEvent}`;
}

function checkSelf(env: MembershipEnv, input: MembershipInit): void {
  const { self } = input;
  const problems: string[] = [];
  if (env.key.identity !== self.identity) problems.push('the signing key is not the identity of self');
  if (env.crypto.pkiIdOf(self.identity) !== self.pkiId) problems.push('self.pkiId is not the PKI-ID of self.identity');
  if (env.crypto.orgOf(self.identity) !== self.org) problems.push('self.org is not the org of self.identity');
  if (parseHostPort(self.internalEndpoint) === undefined) problems.push(`internal endpoint ${JSON.stringify(self.internalEndpoint)} is not host:port`);
  if (problems.length > 0) throw new RangeError(`membership init: ${problems.join('; ')}`);
}

/** An `after` timer of the discovery chart itself (xstate names them so; membership's own ids start with `membership/`). */
const isChartTimer = (timerId: string): boolean => timerId.startsWith('xstate.after.');

export function isStopped(state: MembershipState): boolean {
  return state.discovery.status !== 'active';
}

type ChartState = CompiledState<MembershipView>;

const isCompiled = (s: object): s is ChartState => Array.isArray((s as { nodes?: unknown }).nodes);

/** The chart's state as either interpreter gives it, as plain data. */
function plain(s: object): ChartState {
  return isCompiled(s) ? s : fromXstateSnapshot<MembershipView>(s as Parameters<typeof fromXstateSnapshot>[0]);
}

/** The chart's context: the state without its active states (written out: this runs on every step). */
function viewOf(s: MembershipState): MembershipView {
  return {
    config: s.config,
    self: s.self,
    seqNum: s.seqNum,
    selfAlive: s.selfAlive,
    members: s.members,
    aliveCount: s.aliveCount,
    viewToken: s.viewToken,
    identities: s.identities,
    store: s.store,
    probes: s.probes,
    connects: s.connects,
    anchors: s.anchors,
    prng: s.prng,
  };
}

/** The flattened state: the context's fields at the top, the active states under `discovery` (the old object when unchanged). */
function flatten(chart: ChartState, before?: MembershipState): MembershipState {
  const c = chart.context;
  const old = before?.discovery;
  const same = old !== undefined && old.value === chart.value && old.status === chart.status && old.nodes === chart.nodes && old.error === chart.error;
  const control = same ? old : chart.error === undefined ? { value: chart.value, status: chart.status, nodes: chart.nodes } : { value: chart.value, status: chart.status, nodes: chart.nodes, error: chart.error };
  return {
    config: c.config,
    self: c.self,
    seqNum: c.seqNum,
    selfAlive: c.selfAlive,
    members: c.members,
    aliveCount: c.aliveCount,
    viewToken: c.viewToken,
    identities: c.identities,
    store: c.store,
    probes: c.probes,
    connects: c.connects,
    anchors: c.anchors,
    prng: c.prng,
    discovery: control,
  };
}

export function createMembershipReducer(env: MembershipEnv): MembershipReducer {
  const chart = machineReducer(createDiscoveryMachine(env), { output: (o: MembershipOutput) => o });
  type ChartOut = MembershipOutput | TimerOutput<unknown>;

  /**
   * The chart's outputs as membership's: its own `after` timers (xstate's ids) get host-facing ids
   * and a TIMER_FIRED event; the `output` actions' params are membership outputs already.
   */
  const perform = (outs: MembershipOutput[], chartOuts: readonly ChartOut[]): void => {
    for (const o of chartOuts) {
      if (o.kind === 'setTimer' && isChartTimer(o.timerId)) {
        const timerId = discoveryTimerId(o.timerId);
        outs.push({ kind: 'setTimer', timerId, delayMs: o.delayMs, event: { type: 'TIMER_FIRED', timerId, machine: 'discovery', afterEvent: o.timerId } });
      } else if (o.kind === 'cancelTimer' && isChartTimer(o.timerId)) {
        outs.push({ kind: 'cancelTimer', timerId: discoveryTimerId(o.timerId) });
      } else {
        outs.push(o as MembershipOutput);
      }
    }
  };

  return {
    init(input) {
      checkSelf(env, input);
      const [s, chartOuts] = chart.init(input);
      const outs: MembershipOutput[] = [];
      perform(outs, chartOuts as readonly ChartOut[]);
      return [flatten(plain(s)), outs];
    },
    step(state, event) {
      // [MEM-FUNC-STOP.1] a stopped discovery handles nothing.
      if (isStopped(state)) return [state, []];
      const { discovery } = state;
      const view = viewOf(state);
      let current: ChartState = { value: discovery.value, status: discovery.status, nodes: discovery.nodes, context: view };
      const outs: MembershipOutput[] = [];
      const feed = (e: DiscoveryEvent): void => {
        const [next, chartOuts] = chart.step(current, e);
        current = plain(next);
        perform(outs, chartOuts as readonly ChartOut[]);
      };
      if (event.type === 'MESSAGE_RECEIVED') {
        const first = messageEvent(env, view, event.nowMs, event.from, event.envelope);
        feed(first);
        // [MEM-FUNC-MEMRES-HANDLE.1] a response's entries, alive ones first, each checked against the view the previous one left.
        if (first.type === 'MEMBERSHIP_RESPONSE' && isContent(event.envelope, 'memRes')) {
          const { alive, dead } = event.envelope.payload.content.memRes;
          for (const envelope of alive) feed(responseEntryEvent(env, current.context, 'RESPONSE_ALIVE', event.nowMs, envelope));
          for (const envelope of dead) feed(responseEntryEvent(env, current.context, 'RESPONSE_DEAD', event.nowMs, envelope));
        }
      } else {
        const e = commandEvent(env, view, event);
        if (e === undefined) return [state, []];
        feed(e);
      }
      if (current.context === view && current.value === discovery.value && current.status === discovery.status) return [state, outs];
      return [flatten(current, state), outs];
    },
  };
}
