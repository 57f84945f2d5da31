import { advanceTo, command, crash, partition, restart, traceEvents, type World } from '../../src/sim';
import { inputsOf, script, testWorld, type TestPeerState } from './test-peer';

const dial = (endpoint: string, attempt = 1) => script([{ kind: 'handshake', endpoint, attempt }]);
const fixed = { network: { minLatencyMs: 7, maxLatencyMs: 7 } };
const answers = (w: World<TestPeerState>, name: string) =>
  inputsOf(w, name, 'handshakeResult').map((i) => ({ at: i.nowMs, endpoint: i.endpoint, result: i.result }));

describe('[SIM-FUNC-HANDSHAKE.2] handshakes', () => {
  it('[GEN-ASM-HANDSHAKE.1] [SIM-FUNC-HANDSHAKE.2] dialling an internal endpoint answers with the owner\'s PKI-ID and identity after a round trip', () => {
    const w = advanceTo(command(testWorld(fixed), 'p0', dial('p1:7051')), 100);
    expect(answers(w, 'p0')).toEqual([{ at: 14, endpoint: 'p1:7051', result: { ok: true, pkiId: 'p1', identity: 'Org2MSP\np1' } }]);
  });

  it('[SIM-FUNC-HANDSHAKE.2] an external endpoint resolves to the same peer', () => {
    const w = advanceTo(command(testWorld(fixed), 'p0', dial('p2.ext:7051', 4)), 100);
    expect(inputsOf(w, 'p0', 'handshakeResult').map((i) => [i.attempt, i.result.ok && i.result.pkiId])).toEqual([[4, 'p2']]);
  });

  it('[GEN-ASM-HANDSHAKE.1] [SIM-FUNC-HANDSHAKE.2] an unknown endpoint fails after dialTimeoutMs', () => {
    const w = advanceTo(command(testWorld(fixed), 'p0', dial('nowhere:1')), 10_000);
    expect(answers(w, 'p0')).toEqual([{ at: 3000, endpoint: 'nowhere:1', result: { ok: false, reason: 'unknown endpoint' } }]);
  });

  it('[GEN-ASM-PARTITIONS.1] [GEN-ASM-HANDSHAKE.1] [SIM-FUNC-HANDSHAKE.2] a crashed or partitioned owner fails the dial', () => {
    let w = crash(testWorld(fixed), 'p1');
    w = partition(w, [['p0'], ['p2', 'p3']]);
    w = advanceTo(command(command(w, 'p0', dial('p1:7051')), 'p0', dial('p2:7051')), 10_000);
    expect(answers(w, 'p0').map((a) => [a.endpoint, a.result.ok])).toEqual([
      ['p1:7051', false],
      ['p2:7051', false],
    ]);
  });

  it('[SIM-FUNC-HANDSHAKE.2] the answer to a dial made before a restart is not given to the new incarnation', () => {
    let w = command(testWorld(fixed), 'p0', dial('p1:7051'));
    w = advanceTo(restart(advanceTo(w, 5), 'p0'), 100);
    expect(inputsOf(w, 'p0', 'handshakeResult')).toEqual([]);
    expect(traceEvents(w).filter((l) => l.k === 'ignored').map((l) => l.k === 'ignored' && [l.what, l.reason])).toEqual([
      ['handshakeResult', 'restarted'],
    ]);
  });

  it('[SIM-ASM-HANDSHAKE-RELIABLE.1] message loss does not touch handshakes', () => {
    const w = advanceTo(command(testWorld({ network: { lossProbability: 1 } }), 'p0', dial('p3:7051')), 100);
    expect(inputsOf(w, 'p0', 'handshakeResult').map((i) => i.result.ok)).toEqual([true]);
  });

  it('[SIM-FUNC-HANDSHAKE.2] closeConnection only shows in the trace', () => {
    const w = command(testWorld(), 'p0', script([{ kind: 'closeConnection', pkiId: 'p1' as never }]));
    expect(traceEvents(w).filter((l) => l.k === 'close').map((l) => l.k === 'close' && [l.peer, l.pkiId])).toEqual([['p0', 'p1']]);
    expect(w.failure).toBeUndefined();
  });
});
