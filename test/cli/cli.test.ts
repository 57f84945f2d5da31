/**
 * The `fabric-gossip` command line, run in-process with captured output: the default command
 * tells the seed's story and exits 0; every command has --help; every bad input is one line naming
 * the file, the place in it and the problem, with a non-zero exit; an impossible expectation
 * exits 1; a traced run replays byte for byte. The files the tests write live in one temp
 * directory, removed (and checked gone) after the last test.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/cli-io';
import { runCli } from '../../src/cli/program';

interface Ran {
  code: number;
  out: string;
  err: string;
}

async function cli(args: string[], env: Record<string, string> = {}, cwd = WORK): Promise<Ran> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (s) => (out += s), err: (s) => (err += s), env, cwd, isTTY: false };
  const code = await runCli(args, io);
  return { code, out, err };
}

const WORK = mkdtempSync(join(tmpdir(), 'fabric-gossip-cli-'));
afterAll(() => {
  rmSync(WORK, { recursive: true, force: true });
  // A leftover fails the suite (jest reports an afterAll failure).
  expect(existsSync(WORK)).toBe(false);
});

/** A small, fast network: one org of two peers, one channel, a few blocks. */
const SMALL = (expect: string) => `name: small
description: two peers of one org
duration: 30s
orgs:
  - mspId: Org1MSP
    peers:
      - { name: p0, endpoint: "p0.org1:7051", bootstrap: ["p1.org1:7051"] }
      - { name: p1, endpoint: "p1.org1:7051", bootstrap: ["p0.org1:7051"] }
channels:
  - name: ch
timeline:
  - { at: 1s, createChannel: ch }
  - { at: 2s, join: { channel: ch } }
  - { at: 15s, cutBlocks: { channel: ch, count: 2 } }
expect:
${expect}`;

function file(name: string, text: string): string {
  const path = join(WORK, name);
  writeFileSync(path, text);
  return path;
}

describe('[GEN-FUNC-CLI.1] fabric-gossip', () => {
  it('[GEN-FUNC-FIRST-NETWORK-STORY.1] [GEN-FUNC-CLI.1] with no command, runs the First Network story in Fabric\'s log words and a checked summary, and exits 0', async () => {
    const r = await cli([]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const story = r.out;
    const order = [
      'orderer.example.com is up',
      'peer0.org1   Could not connect to peer1.org1.example.com:8051 : peer is down',
      '==> start peer1.org1',
      'peer0.org1   Learned about a new alive member: peer1.org1',
      '==> create channel mychannel',
      'peer0.org1   Joining gossip network of channel mychannel with 2 organizations',
      'No configured anchor peers of Org1MSP for channel mychannel to learn about',
      'peer0.org1   [mychannel] Becoming a leader',
      'peer0.org1   [mychannel] Committed block [0]',
      '(now knows peer1.org1 as channel member)',
      "org1's anchor-peer update",
      'peer0.org1   [mychannel] Committed block [1]  (from the ordering service: a leader)',
      'Learning about the configured anchor peers of Org1MSP for channel mychannel: [peer0.org1.example.com:7051]',
      "org2's anchor-peer update",
      'RESULT: PASS, 3 expectations met',
      'WITHOUT bootstrap peers',
      'peer1.org1   [mychannel] Becoming a leader',
      'peer1.org1   [mychannel] Stopped being a leader',
      'RESULT: PASS, 3 expectations met',
    ];
    let at = 0;
    for (const text of order) {
      const i = story.indexOf(text, at);
      expect({ text, found: i >= 0 }).toEqual({ text, found: true });
      at = i + text.length;
    }
    // Block 1 reaches both leaders (from the orderer) before the other peer of each org (by gossip).
    expect(story).toMatch(/block \[1\]: peer0\.org1 60\.001s \(orderer\), peer0\.org2 60\.001s \(orderer\), peer1\.org\d 60\.0\d\ds \(\+\d+ ms, gossip\), peer1\.org\d 60\.0\d\ds \(\+\d+ ms, gossip\)/);
  });

  it.each([[[] as string[]], [['first-network']], [['run']], [['scenarios']], [['trace', 'summary']], [['replay']]])('[GEN-FUNC-CLI.1] %j --help prints usage and exits 0', async (cmd) => {
    const r = await cli([...cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: fabric-gossip/);
    expect(r.out).toContain('--help');
  });

  it('[GEN-FUNC-CLI.1] run --help describes each profile it accepts', async () => {
    const r = await cli(['run', '--help']);
    expect(r.code).toBe(0);
    const help = r.out.replace(/\s+/g, ' ');
    expect(help).toContain('fabric-1.4 (Fabric 1.4 First Network: dynamic leader election, block gossip, state transfer)');
    expect(help).toContain("fabric-2.x (today's core.yaml: every peer a static leader, no block gossip, no state transfer)");
    expect(help).not.toContain('fabric-code-defaults');
  });

  it('[GEN-FUNC-CLI.1] scenarios lists every shipped scenario with its description', async () => {
    const r = await cli(['scenarios']);
    expect(r.code).toBe(0);
    for (const name of ['first-network', 'first-network-no-bootstrap', 'anchor-abc', 'partition-heal', 'leader-failover', 'late-joiner', 'no-external-endpoint']) expect(r.out).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  });

  it('[GEN-FUNC-SCENARIO-ERRORS.1] an impossible expectation exits 1 with one line naming the file, the path and the problem', async () => {
    const path = file('impossible.yaml', SMALL('  - at: end\n    leaders: { Org1MSP: [p1] }\n    heights: { all: 3 }\n'));
    const r = await cli(['run', path, '--quiet']);
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toEqual([`error: ${path}: expect.0.leaders.Org1MSP: expectation not met at 30.0s: leaders of Org1MSP in ch: expected [p1], got [p0]`]);
    expect(r.out).toContain('RESULT: FAIL, 1 of 1 expectations not met');
  });

  it('[GEN-FUNC-SCENARIO-RUN.1] a possible one exits 0', async () => {
    const r = await cli(['run', file('ok.yaml', SMALL('  - at: end\n    leaders: { Org1MSP: [p0] }\n    heights: { all: 3 }\n')), '--brief']);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toContain('p0           [ch] Becoming a leader');
  });

  it.each([
    ['an unknown scenario', ['run', 'no-such-scenario'], /^error: no-such-scenario: \(file\): no such file, and no shipped scenario of that name/],
    ['bad YAML', ['run', 'BAD_YAML'], /^error: .*bad-syntax\.yaml: \(yaml\) line \d+, column \d+: /],
    ['a bad field', ['run', 'BAD_FIELD'], /^error: .*bad-field\.yaml: orgs\.0\.peers\.1\.endpoint: expected an endpoint "host:port", got 7051$/],
    ['a probability above 1', ['run', 'first-network', '--loss', '2'], /^error: command line: --loss: expected a probability between 0 and 1, got "2"$/],
    ['a bad latency', ['run', 'first-network', '--latency', '10-1'], /^error: command line: --latency: MIN \(10 ms\) is above MAX \(1 ms\)$/],
    ['a bad seed', ['--seed', 'x'], /^error: command line: --seed: expected a non-negative integer, got "x"$/],
    ['a bad --set', ['run', 'first-network', '--set', 'HOME=/'], /^error: command line: --set: expected CORE_PEER_GOSSIP_NAME=value, got "HOME=\/"$/],
    ['a bad core.yaml', ['run', 'first-network', '--core-yaml', 'BAD_CORE'], /^error: .*core\.yaml: peer\.gossip\.pullInterval: /],
    ['a missing core.yaml', ['--core-yaml', 'nope.yaml'], /^error: .*nope\.yaml: \(file\): no such core\.yaml$/],
    ['an unknown profile', ['--profile', 'fabric-3'], /^error: option '--profile <name>' argument 'fabric-3' is invalid/],
    ['an unknown command', ['frobnicate'], /^error: unknown command 'frobnicate'/],
  ])('[GEN-FUNC-CLI-INPUTS.1] %s: exits 2 with one clear line', async (_what, args, expected) => {
    const swap = (a: string) =>
      a === 'BAD_YAML' ? file('bad-syntax.yaml', 'name: x\norgs: [\n') : a === 'BAD_FIELD' ? file('bad-field.yaml', SMALL('  - at: end\n').replace('"p1.org1:7051", bootstrap', '7051, bootstrap')) : a === 'BAD_CORE' ? file('core.yaml', 'peer:\n  gossip:\n    pullInterval: -5s\n') : a;
    const r = await cli(args.map(swap));
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toMatch(expected);
    expect(r.out).toBe('');
  });

  it('[GEN-FUNC-CLI-INPUTS.1] CORE_PEER_GOSSIP_* from the environment and --set reach every peer (static leaders: both lead)', async () => {
    const path = file('static.yaml', SMALL('  - at: end\n    leaders: { Org1MSP: [p0, p1] }\n'));
    const env = { CORE_PEER_GOSSIP_USELEADERELECTION: 'false' };
    expect((await cli(['run', path, '--quiet'])).code).toBe(1);
    expect((await cli(['run', path, '--quiet'], env)).code).toBe(1); // election off, but nobody is a static leader
    const r = await cli(['run', path, '--quiet', '--set', 'CORE_PEER_GOSSIP_ORGLEADER=true'], env);
    expect([r.code, r.err]).toEqual([0, '']);
  });

  it('[GEN-FUNC-CLI.1] --trace writes a trace and a manifest; trace summary reads it; replay reproduces it byte for byte', async () => {
    const path = file('traced.yaml', SMALL('  - at: end\n    heights: { all: 3 }\n'));
    const trace = join(WORK, 'out', 'traced.trace.ndjson');
    const run = await cli(['run', path, '--quiet', '--seed', '5', '--latency', '2-20', '--trace', trace]);
    expect([run.code, run.err]).toEqual([0, '']);
    expect(run.out).toContain(`wrote ${join(WORK, 'out', 'traced.run.json')}`);
    const summary = await cli(['trace', 'summary', trace]);
    expect(summary.code).toBe(0);
    expect(summary.out).toMatch(/^Trace .*: \d+ lines, \d+ steps, virtual time 0 to 30\.000s, 2 peers/);
    expect(summary.out).toContain('commits: p0 ch 3, p1 ch 3');
    const again = await cli(['replay', trace, '--quiet']);
    expect([again.code, again.err]).toEqual([0, '']);
    expect(again.out).toMatch(/replay: identical trace, \d+ lines/);
    // A trace that was tampered with is caught, with the first line that differs.
    const lines = readFileSync(trace, 'utf8').split('\n');
    lines[3] = lines[3]!.replace('"t":', '"t":1');
    writeFileSync(trace, lines.join('\n'));
    const tampered = await cli(['replay', trace, '--quiet']);
    expect(tampered.code).toBe(1);
    expect(tampered.err).toMatch(/^error: .*traced\.trace\.ndjson: line 4: the replay differs from the recorded trace/);
  });

  it('[GEN-FUNC-CLI-INPUTS.1] trace summary names the line of a bad trace', async () => {
    const r = await cli(['trace', 'summary', file('bad.ndjson', '{"k":"init","t":0,"s":0}\n{"k":"send"}\n')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: .*bad\.ndjson: line 2: not a trace line: /);
  });

  it('[GEN-FUNC-CLI.1] package.json installs the CLI as the fabric-gossip bin, and main.ts is executable by node', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { bin?: Record<string, string>; scripts: Record<string, string> };
    expect(pkg.bin).toEqual({ 'fabric-gossip': 'dist/src/cli/main.js' });
    expect(pkg.scripts['start']).toBe('npm run build --silent && node dist/src/cli/main.js');
    expect(readFileSync(join(__dirname, '..', '..', 'src', 'cli', 'main.ts'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
});

describe('[GEN-FUNC-CLI.1] the property runner and the explorer as subcommands', () => {
  /** Their output goes to the console (they are also `npm run check` / `npm run explore`). */
  async function logged(args: string[]): Promise<{ code: number; lines: string }> {
    const spy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const { code } = await cli(args);
      return { code, lines: spy.mock.calls.map((c) => c.join(' ')).join('\n') };
    } finally {
      spy.mockRestore();
    }
  }

  it('[GEN-FUNC-CLI.1] fabric-gossip check --list names the whole-network properties; explore list names the configurations', async () => {
    const check = await logged(['check', '--list']);
    expect(check.code).toBe(0);
    expect(check.lines).toContain('GEN-LIVE-CHECK-LEDGER.1');
    const list = await logged(['explore', 'list']);
    expect(list.code).toBe(0);
    expect(list.lines).toContain('election-3');
  });

  it('[GEN-FUNC-CLI.1] fabric-gossip explore runs a configuration to a depth and exits 0 with no violation; an unknown one exits 2', async () => {
    const run = await logged(['explore', 'election-3', '4']);
    expect(run.code).toBe(0);
    expect(run.lines).toMatch(/violations\s+0/);
    const err = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect((await cli(['explore', 'no-such-config'])).code).toBe(2);
    } finally {
      err.mockRestore();
    }
  });
});
