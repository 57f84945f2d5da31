/**
 * A running transcript: the subject chosen by its first command (`use <subject> ...`) and the
 * commands every reducer-level subject shares (time, mailbox, crash). Subject commands come from
 * the subject's own table.
 */
import type * as t from 'io-ts';
import { decodeWith } from '../core';
import { Args } from './args';
import type { Command } from './parse';
import { UnitHost, type SubjectHooks } from './unit-host';

export interface Session {
  /** Run one command; its output lines (no blank lines). */
  run(command: Command): string[];
}

/** What `use <subject>` gives: the session and the output of `use` itself (parameters, init effects, first state). */
export interface Started {
  readonly session: Session;
  readonly output: readonly string[];
}

/** Builds a session from the arguments of `use <subject>`. */
export type SubjectFactory = (a: Args) => Started;

export type UnitCommand = (h: UnitHost, a: Args) => void;

/** The commands of every reducer-level subject. */
const COMMON: Readonly<Record<string, UnitCommand>> = {
  advance(h, a) {
    const to = a.has('to') ? a.ms('to') : undefined;
    const by = a.has('by') ? a.ms('by') : undefined;
    if ((to === undefined) === (by === undefined)) a.fail('give exactly one of to=<time> or by=<duration>');
    const stabilize = a.flag('stabilize');
    a.done();
    h.advanceTo(to ?? h.nowMs + (by as number), stabilize);
  },
  deliver(h, a) {
    const filter = { from: a.str('from', undefined), to: a.str('to', undefined), type: a.str('type', undefined) };
    a.done();
    if (h.deliver(filter) === 0) h.print('nothing to deliver');
  },
  drop(h, a) {
    const filter = { from: a.str('from', undefined), to: a.str('to', undefined), type: a.str('type', undefined) };
    a.done();
    if (h.drop(filter) === 0) h.print('nothing to drop');
  },
  stabilize(h, a) {
    a.done();
    if (h.pending.length === 0) h.print('nothing to deliver');
    h.stabilize();
  },
  pending(h, a) {
    a.done();
    h.listPending();
  },
  timers(h, a) {
    a.done();
    h.listTimers();
  },
  state(h, a) {
    const names = a.words();
    a.done();
    // Forget what was printed, so the end of the command prints every field again.
    for (const node of h.nodes.values()) if (names.length === 0 || names.includes(node.name)) node.printed = undefined;
  },
  show(h, a) {
    h.showTimers = a.bool('timers', true);
    a.done();
  },
  crash(h, a) {
    const names = a.words();
    a.done();
    if (names.length === 0) a.fail('name the nodes to crash');
    for (const name of names) {
      const node = h.node(name) ?? a.fail(`unknown node ${name}`);
      h.crash(node);
      h.print(`${name} crashed`);
    }
  },
};

export class UnitSession implements Session {
  readonly host: UnitHost;

  constructor(
    hooks: SubjectHooks,
    private readonly commands: Readonly<Record<string, UnitCommand>>,
  ) {
    this.host = new UnitHost(hooks);
  }

  run(command: Command): string[] {
    const a: Args = new Args(command);
    const fn = this.commands[command.name] ?? COMMON[command.name];
    if (fn === undefined) {
      const known = [...new Set([...Object.keys(this.commands), ...Object.keys(COMMON)])].sort();
      a.fail(`unknown command (this subject knows: ${known.join(', ')})`);
    }
    this.host.begin();
    fn(this.host, a);
    return this.host.end();
  }
}

/** The node a command names with `key` (default `node`), which must exist. */
export function nodeArg(h: UnitHost, a: Args, key = 'node'): ReturnType<UnitHost['node']> & object {
  const name = a.str(key);
  return h.node(name) ?? a.fail(`unknown node ${name} (nodes: ${[...h.nodes.keys()].join(', ') || 'none yet'})`);
}

/** Start a reducer-level session: `init` adds the nodes; its prints and the first states are the output of `use`. */
export function startUnit(session: UnitSession, init: (h: UnitHost) => void): Started {
  session.host.begin();
  init(session.host);
  return { session, output: session.host.end() };
}

/** The one bare word a command takes (a node name). */
export function oneWord(a: Args, usage: string): string {
  const words = a.words();
  const [word] = words;
  if (word === undefined || words.length > 1) return a.fail(usage);
  return word;
}

/** Parameters decoded with the subsystem's own codec: a value its reducer would refuse is an error of `use`. */
export function decodedParams<A>(a: Args, codec: t.Type<A, unknown, unknown>, value: unknown): A {
  const d = decodeWith(codec, value);
  return d.ok ? d.value : a.fail(`invalid parameters: ${d.error.message}`);
}
