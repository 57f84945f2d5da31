/**
 * The Connect chart alone (src/membership/connect-machine.ts), stepped through machineReducer
 * transition by transition: which handshake answers it takes, which it ignores, when it retries
 * and when it gives up, what its request carries, and that STOP ends it from every state. The
 * driver-level tests (connect.test.ts) reach it through the discovery chart; mutation run 1 found
 * its rarer branches (a stale attempt, the last attempt, an anchor's org claim, a wrong nonce,
 * the last resend) taken by none of them.
 */
import type { PkiId } from '../../src/core';
import { machineReducer, type TimerOutput } from '../../src/core/xstate-step';
import { connectMachine, type ConnectEvent, type ConnectInput, type ConnectKind, type ConnectRequestParams, type HandshakeParams } from '../../src/membership/connect-machine';

type Out = { readonly kind: 'handshake'; readonly p: HandshakeParams } | { readonly kind: 'request'; readonly p: ConnectRequestParams };
const reducer = machineReducer(connectMachine, {
  handshake: (p: HandshakeParams): Out => ({ kind: 'handshake', p }),
  sendConnectRequest: (p: ConnectRequestParams): Out => ({ kind: 'request', p }),
});
type Snapshot = ReturnType<typeof reducer.init>[0];
type AnyOut = Out | TimerOutput<ConnectEvent>;

const REMOTE = 'remote-pki' as PkiId;
const ENDPOINT = 'peer1.org1:7051';

/** One Connect chart with its armed timers, fired by name (the delay's name is in xstate's id). */
class Connect {
  state: Snapshot;
  outs: AnyOut[] = [];
  readonly timers = new Map<string, { delayMs: number; event: ConnectEvent }>();

  constructor(kind: ConnectKind, opts: { claimedInMyOrg?: boolean; maxConnectionAttempts?: number } = {}) {
    const input: ConnectInput = { endpoint: ENDPOINT, kind, claimedInMyOrg: opts.claimedInMyOrg ?? false, maxConnectionAttempts: opts.maxConnectionAttempts ?? 3, reconnectIntervalMs: 700 };
    const [s, outs] = reducer.init(input);
    this.state = s;
    this.take(outs);
  }

  send(event: ConnectEvent): readonly AnyOut[] {
    const [s, outs] = reducer.step(this.state, event);
    this.state = s;
    return this.take(outs);
  }

  /** Fire the armed timer whose id names `delay`; returns its delay and what the step output. */
  fire(delay: 'reconnectInterval' | 'connectResponseTimeout'): { delayMs: number; outs: readonly AnyOut[] } {
    const entry = [...this.timers].find(([id]) => id.includes(delay));
    if (entry === undefined) throw new Error(`no ${delay} timer armed (armed: ${[...this.timers.keys()].join(', ')})`);
    this.timers.delete(entry[0]);
    return { delayMs: entry[1].delayMs, outs: this.send(entry[1].event) };
  }

  get value(): unknown {
    return this.state.value;
  }

  private take(outs: readonly AnyOut[]): readonly AnyOut[] {
    for (const o of outs) {
      if (o.kind === 'setTimer') this.timers.set(o.timerId, { delayMs: o.delayMs, event: o.event as ConnectEvent });
      else if (o.kind === 'cancelTimer') this.timers.delete(o.timerId);
    }
    this.outs.push(...outs);
    return outs;
  }
}

const ok = (attempt: number, inMyOrg: boolean, nonce = 42n): ConnectEvent => ({ type: 'HANDSHAKE_OK', attempt, pkiId: REMOTE, inMyOrg, nonce });
const failed = (attempt: number): ConnectEvent => ({ type: 'HANDSHAKE_FAILED', attempt });
const effects = (outs: readonly AnyOut[]): Out[] => outs.filter((o): o is Out => o.kind === 'handshake' || o.kind === 'request');

describe('[MEM-FUNC-CONNECT.1] the Connect chart', () => {
  it('starts with handshake 1 and nothing sent', () => {
    const c = new Connect('bootstrap');
    expect(c.value).toBe('handshaking');
    expect(effects(c.outs)).toEqual([{ kind: 'handshake', p: { endpoint: ENDPOINT, attempt: 1 } }]);
    expect(c.state.context).toMatchObject({ attempt: 1, sends: 0, remotePkiId: undefined, remoteInMyOrg: false, nonce: 0n });
    expect(c.timers.size).toBe(0);
  });

  it('an acceptable answer to the current attempt sends the request with the remote and the nonce, and waits connectResponseTimeout', () => {
    const c = new Connect('bootstrap');
    const outs = c.send(ok(1, true, 99n));
    expect(c.value).toBe('requesting');
    expect(effects(outs)).toEqual([{ kind: 'request', p: { endpoint: ENDPOINT, pkiId: REMOTE, includeInternalEndpoint: true, nonce: 99n } }]);
    expect(c.state.context).toMatchObject({ attempt: 1, sends: 1, remotePkiId: REMOTE, remoteInMyOrg: true, nonce: 99n });
    expect([...c.timers.values()].map((t) => t.delayMs)).toEqual([5000]);
  });

  it.each<[string, ConnectEvent]>([
    ['an OK for an earlier attempt', ok(0, true)],
    ['an OK for a later attempt', ok(2, true)],
    ['a failure of another attempt', failed(2)],
    ['a response before any request', { type: 'RESPONSE', nonce: 0n }],
  ])('ignores %s while handshaking', (_what, event) => {
    const c = new Connect('bootstrap');
    const before = c.state;
    expect(c.send(event)).toEqual([]);
    expect(c.value).toBe('handshaking');
    expect(c.state.context).toEqual(before.context);
  });

  it.each<[ConnectKind, boolean, boolean, 'requesting' | 'waitingToRetry']>([
    ['bootstrap', false, true, 'requesting'],
    ['bootstrap', false, false, 'waitingToRetry'],
    ['anchor', false, false, 'requesting'],
    ['anchor', false, true, 'requesting'],
    ['anchor', true, true, 'requesting'],
    ['anchor', true, false, 'waitingToRetry'],
  ])('[MEM-FUNC-BOOTSTRAP-SAME-ORG.1] [MEM-FUNC-ANCHOR-PEERS.1] the %s Connect (claimed in my org: %s) answered by a remote in my org: %s goes to %s', (kind, claimedInMyOrg, inMyOrg, target) => {
    const c = new Connect(kind, { claimedInMyOrg });
    const outs = c.send(ok(1, inMyOrg));
    expect(c.value).toBe(target);
    if (target === 'requesting') {
      expect(effects(outs)).toEqual([{ kind: 'request', p: { endpoint: ENDPOINT, pkiId: REMOTE, includeInternalEndpoint: inMyOrg, nonce: 42n } }]);
    } else {
      expect(effects(outs)).toEqual([]);
      expect(c.state.context.remotePkiId).toBeUndefined();
    }
  });

  it('a refused remote or a failed handshake is retried after reconnectInterval, each retry counting an attempt', () => {
    const c = new Connect('bootstrap', { maxConnectionAttempts: 3 });
    c.send(ok(1, false));
    expect(c.value).toBe('waitingToRetry');
    const first = c.fire('reconnectInterval');
    expect(first.delayMs).toBe(700);
    expect(c.value).toBe('handshaking');
    expect(effects(first.outs)).toEqual([{ kind: 'handshake', p: { endpoint: ENDPOINT, attempt: 2 } }]);
    c.send(failed(2));
    expect(c.value).toBe('waitingToRetry');
    expect(effects(c.fire('reconnectInterval').outs)).toEqual([{ kind: 'handshake', p: { endpoint: ENDPOINT, attempt: 3 } }]);
    expect(c.state.context.attempt).toBe(3);
  });

  it.each<[string, (attempt: number) => ConnectEvent]>([
    ['fails', failed],
    ['answers with a foreign bootstrap peer', (attempt) => ok(attempt, false)],
  ])('gives up when the last of maxConnectionAttempts handshakes %s', (_what, last) => {
    const c = new Connect('bootstrap', { maxConnectionAttempts: 2 });
    c.send(failed(1));
    c.fire('reconnectInterval');
    c.send(last(2));
    expect(c.value).toBe('gaveUp');
    expect(c.state.status).toBe('done');
    expect(c.timers.size).toBe(0);
    expect(effects(c.outs).map((o) => o.kind)).toEqual(['handshake', 'handshake']);
  });

  it('a response echoing another nonce is ignored; the echo connects and cancels the response timeout', () => {
    const c = new Connect('bootstrap');
    c.send(ok(1, true, 7n));
    expect(c.send({ type: 'RESPONSE', nonce: 8n })).toEqual([]);
    expect(c.value).toBe('requesting');
    c.send({ type: 'RESPONSE', nonce: 7n });
    expect(c.value).toBe('connected');
    expect(c.state.status).toBe('done');
    expect(c.timers.size).toBe(0);
  });

  it('re-sends the same request after connectResponseTimeout then reconnectInterval, maxConnectionAttempts times in all, then gives up', () => {
    const c = new Connect('anchor', { maxConnectionAttempts: 2 });
    c.send(ok(1, false, 5n));
    const timeout = c.fire('connectResponseTimeout');
    expect(timeout.delayMs).toBe(5000);
    expect(c.value).toBe('waitingToResend');
    const resend = c.fire('reconnectInterval');
    expect(resend.delayMs).toBe(700);
    expect(c.value).toBe('requesting');
    const request = { kind: 'request', p: { endpoint: ENDPOINT, pkiId: REMOTE, includeInternalEndpoint: false, nonce: 5n } };
    expect(effects(resend.outs)).toEqual([request]);
    expect(c.state.context.sends).toBe(2);
    c.fire('connectResponseTimeout');
    expect(c.value).toBe('gaveUp');
    expect(c.timers.size).toBe(0);
    expect(effects(c.outs).filter((o) => o.kind === 'request')).toEqual([request, request]);
  });

  it.each<[string, (c: Connect) => void]>([
    ['handshaking', () => undefined],
    ['waitingToRetry', (c) => c.send(failed(1))],
    ['requesting', (c) => c.send(ok(1, true))],
    ['waitingToResend', (c) => (c.send(ok(1, true)), c.fire('connectResponseTimeout'))],
  ])('[MEM-FUNC-STOP.1] STOP in %s ends the chart and disarms its timer', (state, reach) => {
    const c = new Connect('bootstrap');
    reach(c);
    expect(c.value).toBe(state);
    expect(effects(c.send({ type: 'STOP' }))).toEqual([]);
    expect(c.value).toBe('stopped');
    expect(c.state.status).toBe('done');
    expect(c.timers.size).toBe(0);
  });
});
