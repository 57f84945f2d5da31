/**
 * Typed access to a command's arguments. Every getter marks what it read; `done()` refuses the
 * arguments nobody read, so a misspelt argument is an error naming the line, never ignored.
 */
import { TranscriptError } from './errors';
import type { Arg, Command } from './parse';

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)$/;

/** `500ms`, `2s`, `1.5s`, `1m` as milliseconds; undefined when not a duration. */
export function parseDurationMs(text: string): number | undefined {
  const m = DURATION.exec(text);
  if (m === null) return undefined;
  const n = Number(m[1]);
  const ms = m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000;
  return Number.isInteger(ms) ? ms : undefined;
}

export class Args {
  private readonly used = new Set<Arg>();

  constructor(readonly command: Command) {}

  fail(problem: string): never {
    throw TranscriptError.at(this.command.where, `${this.command.name}: ${problem}`);
  }

  private find(key: string): Arg | undefined {
    const found = this.command.args.filter((a) => a.key === key);
    if (found.length > 1) this.fail(`argument ${key} given twice`);
    const arg = found[0];
    if (arg !== undefined) this.used.add(arg);
    return arg;
  }

  has(key: string): boolean {
    return this.command.args.some((a) => a.key === key);
  }

  /** A bare word used as a flag (`probe`, `forged`). */
  flag(word: string): boolean {
    const arg = this.command.args.find((a) => a.key === undefined && !a.isList && a.values[0] === word);
    if (arg !== undefined) this.used.add(arg);
    return arg !== undefined;
  }

  /** The bare words not read as flags, in order (peer names and the like). */
  words(): string[] {
    const out: string[] = [];
    for (const a of this.command.args) {
      if (a.key !== undefined || a.isList || this.used.has(a)) continue;
      this.used.add(a);
      out.push(a.values[0] as string);
    }
    return out;
  }

  /** The bare lists `(a,b)`, in order. */
  lists(): string[][] {
    const out: string[][] = [];
    for (const a of this.command.args) {
      if (a.key !== undefined || !a.isList) continue;
      this.used.add(a);
      out.push([...a.values]);
    }
    return out;
  }

  str(key: string): string;
  str(key: string, fallback: string): string;
  str(key: string, fallback: string | undefined): string | undefined;
  str(key: string, ...fallback: [] | [string | undefined]): string | undefined {
    const arg = this.find(key);
    if (arg === undefined) {
      if (fallback.length === 0) this.fail(`missing argument ${key}=<value>`);
      return fallback[0];
    }
    if (arg.isList) this.fail(`${key} takes one value, not a list`);
    return arg.values[0] as string;
  }

  int(key: string, fallback?: number): number {
    const text = this.str(key, fallback === undefined ? undefined : String(fallback));
    if (text === undefined) this.fail(`missing argument ${key}=<integer>`);
    if (!/^-?\d+$/.test(text)) this.fail(`${key}=${text} is not an integer`);
    return Number(text);
  }

  num(key: string, fallback?: number): number {
    const text = this.str(key, fallback === undefined ? undefined : String(fallback));
    if (text === undefined) this.fail(`missing argument ${key}=<number>`);
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) this.fail(`${key}=${text} is not a number`);
    return n;
  }

  ms(key: string, fallback?: number): number {
    const arg = this.find(key);
    if (arg === undefined) {
      if (fallback === undefined) this.fail(`missing argument ${key}=<duration> (500ms, 2s)`);
      return fallback;
    }
    const ms = parseDurationMs(arg.values[0] ?? '');
    if (arg.isList || ms === undefined) this.fail(`${key}=${arg.values.join(',')} is not a duration (write 500ms, 2s, 1.5s)`);
    return ms;
  }

  /** A list argument; a single value reads as a list of one. */
  list(key: string, fallback?: readonly string[]): string[] {
    const arg = this.find(key);
    if (arg === undefined) {
      if (fallback === undefined) this.fail(`missing argument ${key}=(a,b,...)`);
      return [...fallback];
    }
    return [...arg.values];
  }

  bool(key: string, fallback: boolean): boolean {
    const text = this.str(key, fallback ? 'on' : 'off');
    if (text === 'on' || text === 'true') return true;
    if (text === 'off' || text === 'false') return false;
    return this.fail(`${key}=${text} must be on or off`);
  }

  /** One of the given words. */
  oneOf<T extends string>(key: string, choices: readonly T[], fallback?: T): T {
    const text = this.str(key, fallback);
    if (text === undefined || !(choices as readonly string[]).includes(text)) this.fail(`${key}=${String(text)} must be one of ${choices.join(', ')}`);
    return text as T;
  }

  /** Every argument must have been read by now. */
  done(): void {
    const unread = this.command.args.filter((a) => !this.used.has(a));
    if (unread.length > 0) this.fail(`unknown argument${unread.length > 1 ? 's' : ''} ${unread.map((a) => a.text).join(' ')}`);
  }
}
