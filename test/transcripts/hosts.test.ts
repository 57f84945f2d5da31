/**
 * The hosts behind the transcripts: the reducer-level host's effect contract, printed (timers as
 * net changes, firing order, the mailbox, invariant checks), the network level's observations, and
 * the check/update tool. The reducer-level rules are shown on a made-up subject, so they do not
 * depend on any subsystem's behaviour.
 */
import { runTranscript, type SubjectFactory } from '../../src/transcripts';
import { startUnit, UnitSession } from '../../src/transcripts/session';
import { checkTranscripts } from '../../src/tools/transcripts/update';

/**
 * A toy reducer: its state counts steps; `poke node=a effects=(...)` makes node a's next step
 * output exactly the listed effects: `set:<id>:<ms>`, `cancel:<id>`, `send:<to>`, `say:<word>`.
 * A fired timer outputs `say:fired-<id>`; a delivered message `say:got-<from>`.
 */
type Toy = { readonly steps: number };
type ToyInput = { readonly kind: 'poke'; readonly effects: readonly string[] } | { readonly kind: 'timer'; readonly id: string } | { readonly kind: 'msg'; readonly from: string };

function toyEffects(input: ToyInput): unknown[] {
  if (input.kind === 'timer') return [{ kind: 'say', word: `fired-${input.id}` }];
  if (input.kind === 'msg') return [{ kind: 'say', word: `got-${input.from}` }];
  return input.effects.map((e) => {
    const [op, a, b] = e.split(':');
    if (op === 'set') return { kind: 'setTimer', timerId: a, delayMs: Number(b), event: { kind: 'timer', id: a } };
    if (op === 'cancel') return { kind: 'cancelTimer', timerId: a };
    if (op === 'send') return { kind: 'send', to: a };
    return { kind: 'say', word: a };
  });
}

const toy: SubjectFactory = (a) => {
  const violateOn = a.str('violateOn', undefined);
  a.done();
  const session = new UnitSession(
    {
      multi: true,
      output: (h, node, out) => {
        const o = out as { kind: string; to?: string; word?: string };
        if (o.kind === 'send') {
          h.post(node.name, o.to as string, 'ping', null);
          return [`send ping -> ${o.to}`];
        }
        return [`say ${o.word}`];
      },
      receive: (_h, m) => ({ kind: 'msg', from: m.from }),
      timerInput: (event) => event,
      summary: (n) => ({ steps: String((n.state as Toy).steps) }),
      check: (_b, input, _o, after) => ((input as ToyInput).kind === 'poke' && violateOn === String((after as Toy).steps) ? ['TOY-SAFE-X.1: broken'] : []),
    },
    {
      node(h, c) {
        const [name] = c.words();
        c.done();
        h.addNode(name as string, (s, i) => [{ steps: (s as Toy).steps + 1 }, toyEffects(i as ToyInput)], [{ steps: 0 }, []]);
      },
      poke(h, c) {
        const node = h.node(c.str('node')) ?? c.fail('no such node');
        const effects = c.list('effects');
        c.done();
        h.input(node, { kind: 'poke', effects } satisfies ToyInput);
      },
    },
  );
  return startUnit(session, () => undefined);
};

const run = (text: string): string => runTranscript('toy.transcript', text, { toy }).actual;
/** The output lines of the command whose line is `command`. */
function outputOf(actual: string, command: string): string[] {
  const lines = actual.split('\n');
  const at = lines.indexOf(command);
  if (at < 0 || lines[at + 1] !== '----') throw new Error(`no block ${command}`);
  const out: string[] = [];
  for (let i = at + 2; i < lines.length && lines[i] !== ''; i++) out.push(lines[i] as string);
  return out;
}

describe('[GEN-FUNC-TRANSCRIPT-UNIT.1] the reducer-level host', () => {
  it('[GEN-FUNC-TRANSCRIPT-UNIT.1] timer effects print as the net change of the armed timers, after the other effects', () => {
    const actual = run(
      [
        'use toy',
        'node a',
        'poke node=a effects=(set:t:5)',
        'poke node=a effects=(cancel:t,set:t:7,say:hello)',
        'poke node=a effects=(set:u:5,cancel:u)',
        'poke node=a effects=(cancel:t)',
        'poke node=a effects=(cancel:never-armed)',
      ].join('\n'),
    );
    expect(outputOf(actual, 'poke node=a effects=(set:t:5)')).toEqual(['a: setTimer t 5ms', 'state a: steps=1']);
    // Cancel then re-arm is one re-arming; the other effect prints first.
    expect(outputOf(actual, 'poke node=a effects=(cancel:t,set:t:7,say:hello)')).toEqual(['a: say hello', 'a: setTimer t 7ms', 'state a: steps=2']);
    // Armed and disarmed in one step, not armed before: no change, no line.
    expect(outputOf(actual, 'poke node=a effects=(set:u:5,cancel:u)')).toEqual(['state a: steps=3']);
    expect(outputOf(actual, 'poke node=a effects=(cancel:t)')).toEqual(['a: cancelTimer t', 'state a: steps=4']);
    expect(outputOf(actual, 'poke node=a effects=(cancel:never-armed)')).toEqual(['state a: steps=5']);
  });

  it('[GEN-FUNC-TRANSCRIPT-UNIT.1] due timers fire in (time, arming order), each with its time and what it caused indented', () => {
    const actual = run(['use toy', 'node a', 'node b', 'poke node=b effects=(set:x:10)', 'poke node=a effects=(set:y:10,set:z:5)', 'advance to=20ms', 'timers'].join('\n'));
    expect(outputOf(actual, 'advance to=20ms')).toEqual([
      '@5ms a: timer z',
      '  a: say fired-z',
      '@10ms b: timer x',
      '  b: say fired-x',
      '@10ms a: timer y',
      '  a: say fired-y',
      'state a: steps=3',
      'state b: steps=2',
    ]);
    expect(outputOf(actual, 'timers')).toEqual(['no timers armed']);
  });

  it('[GEN-FUNC-TRANSCRIPT-UNIT.1] messages wait in the mailbox until delivered or dropped; one to a crashed node is dropped', () => {
    const actual = run(
      ['use toy', 'node a', 'node b', 'node c', 'poke node=a effects=(send:b,send:c)', 'pending', 'drop to=c', 'crash b', 'deliver', 'deliver'].join('\n'),
    );
    expect(outputOf(actual, 'pending')).toEqual(['a -> b: ping', 'a -> c: ping']);
    expect(outputOf(actual, 'drop to=c')).toEqual(['dropped a -> c: ping']);
    expect(outputOf(actual, 'crash b')).toEqual(['b crashed', 'state b: up=false']);
    expect(outputOf(actual, 'deliver')).toEqual(['a -> b: ping (dropped: b is down)']);
  });

  it('[GEN-FUNC-TRANSCRIPT-UNIT.1] a delivered message is handled by its recipient, whose outputs are indented under it; stabilize delivers what follows', () => {
    const actual = run(['use toy', 'node a', 'node b', 'poke node=a effects=(send:b)', 'stabilize'].join('\n'));
    expect(outputOf(actual, 'stabilize')).toEqual(['a -> b: ping', '  b: say got-a', 'state b: steps=1']);
  });

  it('[GEN-FUNC-TRANSCRIPT-UNIT.1] an invariant the step breaks prints a violation line', () => {
    const actual = run(['use toy violateOn=2', 'node a', 'poke node=a effects=(say:one)', 'poke node=a effects=(say:two)'].join('\n'));
    expect(outputOf(actual, 'poke node=a effects=(say:two)')).toEqual(['a: violation TOY-SAFE-X.1: broken', 'a: say two', 'state a: steps=2']);
  });

  it('[GEN-FUNC-TRANSCRIPT-UNIT.1] with timers hidden, timer lines and silent firings are left out', () => {
    const actual = run(['use toy', 'node a', 'show timers=off', 'poke node=a effects=(set:t:5,set:u:6)', 'advance to=10ms'].join('\n'));
    expect(outputOf(actual, 'poke node=a effects=(set:t:5,set:u:6)')).toEqual(['state a: steps=1']);
    expect(outputOf(actual, 'advance to=10ms')).toEqual(['@5ms a: timer t', '  a: say fired-t', '@6ms a: timer u', '  a: say fired-u', 'state a: steps=3']);
  });
});

describe('[GEN-FUNC-TRANSCRIPT-NETWORK.1] the network level', () => {
  const FAST = 'env CORE_PEER_GOSSIP_ALIVETIMEINTERVAL=1s CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT=5s CORE_PEER_GOSSIP_RECONNECTINTERVAL=2s';

  it('[GEN-FUNC-TRANSCRIPT-NETWORK.1] prints views that changed, liveness, message counts, and the full status on demand', () => {
    const text = ['use network seed=3', FAST, 'peer p0 org=Org1MSP bootstrap=(p1)', 'peer p1 org=Org1MSP bootstrap=(p0)', 'start', 'advance to=4s', 'crash p1', 'status'].join('\n');
    const actual = runTranscript('net.transcript', text).actual;
    // Two peers that bootstrap to each other know each other within a few alive intervals.
    const after = outputOf(actual, 'advance to=4s');
    expect(after.slice(0, 2)).toEqual(['view p0: [p1]', 'view p1: [p0]']);
    expect(after[2]).toMatch(/^sent: aliveMsg=\d+ .*memReq=\d+/);
    expect(outputOf(actual, 'crash p1')).toEqual(['down p1']);
    expect(outputOf(actual, 'status')).toEqual(['p0: view=[p1]', 'p1: down']);
  });

  it('[GEN-FUNC-TRANSCRIPT-NETWORK.1] commands before start describe the network; acting on it before start is an error naming the line', () => {
    expect(() => runTranscript('net.transcript', ['use network', 'peer p0 org=Org1MSP', 'cut channel=c'].join('\n'))).toThrow(
      'net.transcript:3: cut: the network has not started yet (start comes first)',
    );
    expect(() => runTranscript('net.transcript', ['use network', 'peer p0 org=Org1MSP', 'start', 'peer p1 org=Org1MSP'].join('\n'))).toThrow(
      'net.transcript:4: peer: the network has started: describe it before `start`',
    );
  });
});

describe('[GEN-FUNC-TRANSCRIPT-UPDATE.1] checking and regenerating', () => {
  const good = runTranscript('good', 'use emitter\n').actual;
  const files = (): Map<string, string> =>
    new Map([
      ['good.transcript', good],
      ['stale.transcript', good.replace('state: value=idle buffer=[]', 'state: value=idle buffer=[x:1]')],
    ]);
  const ioOf = (fs: Map<string, string>, log: string[]) => ({
    read: (p: string) => fs.get(p) as string,
    write: (p: string, t: string) => void fs.set(p, t),
    log: (l: string) => void log.push(l),
    error: (l: string) => void log.push(`ERROR ${l}`),
  });

  it('[GEN-FUNC-TRANSCRIPT-UPDATE.1] without --update a difference is printed as a diff and fails; nothing is written', () => {
    const fs = files();
    const log: string[] = [];
    const summary = checkTranscripts(['good.transcript', 'stale.transcript'], false, ioOf(fs, log));
    expect([summary.differ, summary.exitCode]).toEqual([['stale.transcript'], 1]);
    expect(log.join('\n')).toContain('-state: value=idle buffer=[x:1]\n+state: value=idle buffer=[]');
    expect(fs.get('stale.transcript')).not.toBe(good);
  });

  it('[GEN-FUNC-TRANSCRIPT-UPDATE.1] with --update the actual text is written and the run succeeds; a transcript that cannot run still fails', () => {
    const fs = files();
    const log: string[] = [];
    expect(checkTranscripts(['good.transcript', 'stale.transcript'], true, ioOf(fs, log)).exitCode).toBe(0);
    expect(fs.get('stale.transcript')).toBe(good);
    fs.set('broken.transcript', 'use emitter\n----\n\nfly\n');
    const summary = checkTranscripts(['broken.transcript'], true, ioOf(fs, log));
    expect([summary.broken, summary.exitCode]).toEqual([['broken.transcript'], 1]);
    expect(log).toContain('ERROR broken.transcript:4: fly: unknown command (this subject knows: add, advance, crash, deliver, drop, pending, show, stabilize, state, stop, timers)');
  });
});
