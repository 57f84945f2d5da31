/** The transcript language itself: parsing, errors, rendering, the diff and the runner's rules. */
import { lineDiff, parseTranscript, renderTranscript, runTranscript, TranscriptError } from '../../src/transcripts';
import { Args, parseDurationMs } from '../../src/transcripts/args';
import { parseCommand } from '../../src/transcripts/parse';

const errorOf = (f: () => unknown): TranscriptError => {
  try {
    f();
  } catch (err) {
    if (err instanceof TranscriptError) return err;
    throw err;
  }
  throw new Error('no error');
};

const EMITTER = [
  '# a comment',
  'use emitter propagateIterations=1 maxPropagationBurstSize=10 maxPropagationBurstLatency=10ms',
  '----',
  'params propagateIterations=1 maxPropagationBurstSize=10 maxPropagationBurstLatency=10ms',
  'state: value=idle buffer=[]',
  '',
  'add msg=a',
  '----',
  'setTimer maxPropagationBurstLatency 10ms',
  'state: value=buffering buffer=[a:1]',
  '',
].join('\n');

describe('[GEN-FUNC-TRANSCRIPT-FORMAT.1] the command language', () => {
  it('[GEN-FUNC-TRANSCRIPT-FORMAT.1] a command line has a name, key=value, key=(list), bare words and bare lists', () => {
    const c = parseCommand({ file: 'f', line: 3 }, 'partition (p0,p1) ( p2 , p3 ) peer=p0 peers=(a, b) down msg="two words"');
    expect(c.name).toBe('partition');
    expect(c.args.map((x) => [x.key, x.values, x.isList])).toEqual([
      [undefined, ['p0', 'p1'], true],
      [undefined, ['p2', 'p3'], true],
      ['peer', ['p0'], false],
      ['peers', ['a', 'b'], true],
      [undefined, ['down'], false],
      ['msg', ['two words'], false],
    ]);
  });

  it('[GEN-FUNC-TRANSCRIPT-FORMAT.1] comments and blank lines are kept; output ends at a blank line; rendering gives the text back', () => {
    const t = parseTranscript('f', EMITTER);
    expect(t.items.map((i) => i.kind)).toEqual(['text', 'block', 'text', 'block']);
    const blocks = t.items.filter((i) => i.kind === 'block');
    expect(blocks.map((b) => (b.kind === 'block' ? b.expected?.length : -1))).toEqual([2, 2]);
    const outputs = blocks.map((b) => (b.kind === 'block' ? (b.expected ?? []) : []));
    expect(renderTranscript(t, outputs)).toBe(EMITTER);
  });

  it('[GEN-FUNC-TRANSCRIPT-FORMAT.1] a command without ---- has no expected output yet; rendering adds it and a blank line before the next command', () => {
    const t = parseTranscript('f', 'use emitter\nadd msg=a\n');
    expect(t.items.map((i) => (i.kind === 'block' ? i.expected : 'text'))).toEqual([undefined, undefined]);
    expect(renderTranscript(t, [['x'], ['y']])).toBe('use emitter\n----\nx\n\nadd msg=a\n----\ny\n');
  });

  it('[GEN-FUNC-TRANSCRIPT-OUTPUT.1] durations are written with their unit', () => {
    expect([parseDurationMs('500ms'), parseDurationMs('2s'), parseDurationMs('1.5s'), parseDurationMs('1m'), parseDurationMs('10'), parseDurationMs('0.5ms')]).toEqual([500, 2000, 1500, 60_000, undefined, undefined]);
  });
});

describe('[GEN-FUNC-TRANSCRIPT-ERRORS.1] problems name the file, the line and what is wrong', () => {
  it.each([
    ['use emitter\n----\n\nadd msg=(a\n', 4, "unbalanced '('"],
    ['use emitter\n----\n\nadd msg=a)\n', 4, "unbalanced ')'"],
    ['use emitter\n----\n\n----\n', 4, "'----' without a command line"],
    ['use emitter\n----\n\nAdd msg=a\n', 4, 'bad command name'],
    ['use emitter\n----\n\nadd msg=\n', 4, 'argument msg has no value'],
    ['use emitter\n----\n\nadd msg="a\n', 4, "unterminated '\"'"],
  ])('[GEN-FUNC-TRANSCRIPT-ERRORS.1] parse error %#', (text, line, problem) => {
    const e = errorOf(() => parseTranscript('t/x.transcript', text));
    expect([e.file, e.line]).toEqual(['t/x.transcript', line]);
    expect(e.message).toContain(problem);
    expect(e.message.startsWith(`t/x.transcript:${line}: `)).toBe(true);
  });

  it.each([
    ['add msg=a\n', 1, 'the first command must be `use <subject>`'],
    ['use nothing\n', 1, 'unknown subject nothing'],
    ['use emitter\n----\n\nfly\n', 4, 'unknown command'],
    ['use emitter\n----\n\nadd msg=a colour=red\n', 4, 'unknown argument colour=red'],
    ['use emitter\n----\n\nadd\n', 4, 'missing argument msg'],
    ['use emitter\n----\n\nadvance by=soon\n', 4, 'by=soon is not a duration'],
    ['use emitter maxPropagationBurstSize=0\n', 1, 'invalid parameters: maxPropagationBurstSize'],
    ['use emitter\n----\n\nuse emitter\n', 4, 'a transcript has one subject'],
    ['use election\n----\n\nview node=p9 peers=()\n', 4, 'unknown node p9'],
  ])('[GEN-FUNC-TRANSCRIPT-ERRORS.1] run error %#', (text, line, problem) => {
    const e = errorOf(() => runTranscript('t/y.transcript', text));
    expect([e.file, e.line]).toEqual(['t/y.transcript', line]);
    expect(e.message).toContain(problem);
  });

  it('[GEN-FUNC-TRANSCRIPT-ERRORS.1] an argument read with the wrong type names the command and the argument', () => {
    const a = new Args(parseCommand({ file: 'f', line: 9 }, 'cut count=three'));
    const e = errorOf(() => a.int('count'));
    expect(e.message).toBe('f:9: cut: count=three is not an integer');
  });
});

describe('[GEN-FUNC-TRANSCRIPT-RUN.1] running a transcript', () => {
  it('[GEN-FUNC-TRANSCRIPT-RUN.1] a transcript whose outputs match passes; a changed expected line fails and the actual text has the real one', () => {
    expect(runTranscript('f', EMITTER).ok).toBe(true);
    const wrong = EMITTER.replace('state: value=buffering buffer=[a:1]', 'state: value=buffering buffer=[a:2]');
    const r = runTranscript('f', wrong);
    expect(r.ok).toBe(false);
    expect(r.actual).toBe(EMITTER);
  });

  it('[GEN-FUNC-TRANSCRIPT-RUN.1] commands without expected output fail until recorded', () => {
    const r = runTranscript('f', 'use emitter\n');
    expect([r.ok, r.unrecorded]).toEqual([false, 1]);
    expect(runTranscript('f', r.actual).ok).toBe(true);
  });

  it('[GEN-FUNC-TRANSCRIPT-RUN.1] two runs of one transcript give the same text (no state shared between sessions)', () => {
    const text = 'use pull pullInterval=500ms pullPeerNum=10 digestWaitTime=100ms requestWaitTime=200ms responseWaitTime=200ms\n\nnode p1 items=(1) peers=(p2)\n\nnode p2 items=(1,2) peers=(p1)\n\nadvance to=1s stabilize\n';
    const first = runTranscript('f', text).actual;
    expect(runTranscript('f', text).actual).toBe(first);
    expect(first).toContain('hello n1');
  });
});

describe('[GEN-FUNC-TRANSCRIPT-DIFF.1] differences are shown as unified hunks', () => {
  it('[GEN-FUNC-TRANSCRIPT-DIFF.1] a changed line shows as - expected, + actual, with context and the expected line number', () => {
    const expected = ['a', 'b', 'c', 'd', 'e', 'f'].join('\n');
    const actual = ['a', 'b', 'c', 'D', 'e', 'f', 'g'].join('\n');
    expect(lineDiff(expected, actual)).toBe(['@@ line 2 @@', ' b', ' c', '-d', '+D', ' e', ' f', '+g'].join('\n'));
    expect(lineDiff(expected, expected)).toBe('');
  });
});
