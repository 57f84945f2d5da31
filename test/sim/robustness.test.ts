import type { PeerReducer } from '../../src/core';
import { advanceTo, command, createWorld, describeFailure, inject, peerState, runWithChecks, stepWorld, type World } from '../../src/sim';
import { inputsOf, script, specsOf, testPeerInit, testWorld, type TestPeerState } from './test-peer';

describe('[SIM-FUNC-INJECT.1] injected payloads', () => {
  it('[SIM-FUNC-INJECT.1] any payload reaches the reducer as is, from the injector connection', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = cyclic;
    const garbage: unknown[] = [undefined, null, 42, 'text', 2n ** 70n, [1, [2]], cyclic, { kind: 'flood' }];
    const w = garbage.reduce<World<TestPeerState>>((acc, g) => inject(acc, 'p2', g), testWorld());
    const got = inputsOf(w, 'p2', 'receive');
    expect(got).toHaveLength(garbage.length);
    got.forEach((input, i) => expect(input.payload).toBe(garbage[i]));
    expect(got[0]?.from).toEqual({ pkiId: 'injector', identity: 'injector', endpoint: 'injector:0' });
    expect(w.failure).toBeUndefined();
  });
});

describe('[SIM-FUNC-COMMAND.1] commands', () => {
  it('[SIM-FUNC-COMMAND.1] a command is fed now, as a command input, and its effects are performed', () => {
    const w = advanceTo(command(advanceTo(testWorld(), 42), 'p0', { op: 'start' }), 1000);
    expect(inputsOf(w, 'p0', 'command')).toEqual([{ kind: 'command', nowMs: 42, command: { op: 'start' } }]);
    expect(['p1', 'p2', 'p3'].map((n) => peerState(w, n).seen)).toEqual([['p0#0.0'], ['p0#0.0'], ['p0#0.0']]);
    // Each receives the flood from p0 once, and at most one forward from each other peer (a peer
    // forwards once, to all but the one it first heard from).
    for (const n of ['p1', 'p2', 'p3']) {
      const senders = inputsOf(w, n, 'receive').map((i) => i.from.pkiId as string);
      expect(senders.filter((s) => s === 'p0')).toHaveLength(1);
      expect(new Set(senders).size).toBe(senders.length);
    }
  });
});

describe('[SIM-FUNC-REDUCER-FAILURE.1] misbehaving reducers never crash the simulator', () => {
  it('[SIM-FUNC-REDUCER-FAILURE.1] a throwing reducer halts the world with a failure naming the peer and the input', () => {
    let w = advanceTo(testWorld(), 7);
    expect(() => (w = inject(w, 'p1', 'boom'))).not.toThrow();
    expect(w.failure).toMatchObject({ kind: 'reducerThrew', peer: 'p1', nowMs: 7, seed: 1 });
    expect(w.failure?.message).toContain('Error: boom');
    expect(w.failure?.input).toMatchObject({ kind: 'receive', payload: 'boom' });
    const line = describeFailure(w.failure as NonNullable<typeof w.failure>);
    expect(line).toMatch(/^reducerThrew \(seed=1 step=\d+ t=7ms peer=p1\): .*input=\{.*"payload":"boom"/);
  });

  it('[SIM-FUNC-REDUCER-FAILURE.1] a halted world steps and takes commands as itself', () => {
    const halted = command(command(testWorld(), 'p0', { op: 'tick', everyMs: 10 }), 'p3', { op: 'throw' });
    expect(halted.failure?.kind).toBe('reducerThrew');
    expect(stepWorld(halted)).toBe(halted);
    expect(command(halted, 'p0', { op: 'start' })).toBe(halted);
    expect(advanceTo(halted, 1000).failure).toBe(halted.failure);
  });

  it('[SIM-FUNC-REDUCER-FAILURE.1] malformed effects are reported as invalidEffect', () => {
    const cases: [unknown, RegExp][] = [
      [{ kind: 'setTimer', timerId: 't', delayMs: Number.NaN, event: 1 }, /delayMs must be a finite number >= 0/],
      [{ kind: 'setTimer', timerId: 't', delayMs: -5, event: 1 }, /delayMs/],
      [{ kind: 'send', to: 'p1', message: 1 }, /send.to must be a list/],
      [{ kind: 'teleport' }, /unknown effect kind "teleport"/],
      [{ kind: 'deliverToLedger', channel: 'c', seq: -1, block: 1 }, /seq must be a block number/],
      [null, /an effect must be an object/],
    ];
    for (const [effect, message] of cases) {
      const w = command(testWorld(), 'p2', script([effect as never]));
      expect(w.failure?.kind).toBe('invalidEffect');
      expect(w.failure?.peer).toBe('p2');
      expect(w.failure?.message).toMatch(message);
    }
  });

  it('[SIM-FUNC-REDUCER-FAILURE.1] a reducer returning something else than [state, effects] is reported', () => {
    const specs = specsOf(['a']);
    const reducer = { step: () => 'nonsense' } as unknown as PeerReducer<TestPeerState>;
    const w = inject(createWorld({ seed: 3, peers: specs, reducer, initPeer: testPeerInit(specs) }), 'a', 1);
    expect(w.failure).toMatchObject({ kind: 'invalidEffect', peer: 'a', seed: 3 });
  });

  it('[SIM-FUNC-REDUCER-FAILURE.1] a throwing init is reported as initThrew', () => {
    const specs = specsOf(['a', 'b']);
    const w = createWorld({ seed: 0, peers: specs, reducer: { step: (s) => [s, []] }, initPeer: () => {
      throw new TypeError('no config');
    } });
    expect(w.failure).toMatchObject({ kind: 'initThrew', peer: 'a' });
    expect(w.failure?.message).toContain('TypeError: no config');
  });

  it('[SIM-FUNC-REDUCER-FAILURE.1] runWithChecks returns the failure as a result value', () => {
    const w = command(testWorld(), 'p0', { op: 'tick', everyMs: 100 });
    const schedule = [{ atMs: 250, action: { kind: 'inject', peer: 'p1', payload: 'boom' } } as const];
    const result = runWithChecks(w, { safety: [], untilMs: 1000, schedule });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.failure).toMatchObject({ kind: 'reducerThrew', peer: 'p1', nowMs: 250 });
  });

  it('[SIM-FUNC-ZENO-GUARD.1] a zero-delay timer loop is reported instead of hanging', () => {
    const specs = specsOf(['z']);
    const loop: PeerReducer<number> = { step: (n) => [n + 1, [{ kind: 'setTimer', timerId: 'spin', delayMs: 0, event: null }]] };
    const initPeer = () => [0, [{ kind: 'setTimer', timerId: 'spin', delayMs: 0, event: null }]] as const;
    const w = advanceTo(createWorld({ seed: 0, peers: specs, reducer: loop, initPeer, maxStepsPerInstant: 500, startMs: 10 }), 1000);
    expect(w.failure).toMatchObject({ kind: 'zeno', nowMs: 10 });
    expect(w.nowMs).toBe(10);
  });
});
