/**
 * Test titles and the requirement ids they start with. Titles are read with the TypeScript parser
 * (already the project's compiler) rather than with regular expressions, so that a title-like
 * string inside a test body or a fixture is never mistaken for a test.
 *
 * Recognised call shapes: `it(t, ...)`, `test(t, ...)`, `describe(t, ...)`, with modifiers
 * (`it.only`, `describe.skip`, ...), and the curried forms `test.prop(arbs)(t, ...)`,
 * `it.prop(...)(t, ...)`, `it.each(table)(t, ...)` and ``it.each`table`(t, ...)``. Skipped and
 * todo tests (`it.skip`, `it.todo`) are not read: they defend nothing.
 */
import * as ts from 'typescript';
import { looksLikeReqId, parseReqId } from './req-id';
import type { TextFile } from './spec-parse';

export interface TestTitle {
  readonly file: string;
  readonly line: number;
  readonly title: string;
  /** Well-formed ids at the start of the title, in order. */
  readonly ids: string[];
  /** Bracketed tokens at the start that try to be ids but break the grammar. */
  readonly malformed: string[];
}

const TEST_FUNCTIONS = new Set(['it', 'test', 'describe']);
const MODIFIERS = new Set(['only', 'skip', 'concurrent', 'failing', 'todo', 'sequential']);
const CURRIED = new Set(['prop', 'each']);

/** `it`, `it.only`, `describe.skip.each` ...: the root is a test function, every member a known word. */
function chainOf(expr: ts.Expression): string[] | undefined {
  if (ts.isIdentifier(expr)) return TEST_FUNCTIONS.has(expr.text) ? [expr.text] : undefined;
  if (ts.isPropertyAccessExpression(expr)) {
    const head = chainOf(expr.expression);
    const name = expr.name.text;
    return head && (MODIFIERS.has(name) || CURRIED.has(name)) ? [...head, name] : undefined;
  }
  return undefined;
}

/** A skipped or todo test defends nothing, so its title cites nothing. */
const NOT_RUN = new Set(['skip', 'todo']);

/** The call chain of a test call (`['test', 'prop']`), or undefined when the call is not a test. */
function testChain(call: ts.CallExpression): string[] | undefined {
  const callee = call.expression;
  const direct = chainOf(callee);
  if (direct) return CURRIED.has(direct[direct.length - 1] as string) ? undefined : direct;
  // Curried: the callee is itself `x.prop(...)` / `x.each(...)` or a tagged template `x.each`...``.
  const inner = ts.isCallExpression(callee) ? callee.expression : ts.isTaggedTemplateExpression(callee) ? callee.tag : undefined;
  const chain = inner ? chainOf(inner) : undefined;
  return chain !== undefined && CURRIED.has(chain[chain.length - 1] as string) ? chain : undefined;
}

function isRunningTestCall(call: ts.CallExpression): boolean {
  const chain = testChain(call);
  return chain !== undefined && !chain.some((name) => NOT_RUN.has(name));
}

/** The literal text a title starts with: a string, a template's head, the left end of a `+` chain. */
function leadingLiteral(expr: ts.Expression | undefined): string | undefined {
  if (!expr) return undefined;
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return expr.text;
  if (ts.isTemplateExpression(expr)) return expr.head.text;
  if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken) return leadingLiteral(expr.left);
  if (ts.isParenthesizedExpression(expr)) return leadingLiteral(expr.expression);
  return undefined;
}

/** `[A] [B] text` or `[A][B] text` -> ids A and B; stops at the first non-bracketed text. */
export function leadingIds(title: string): { ids: string[]; malformed: string[] } {
  const ids: string[] = [];
  const malformed: string[] = [];
  let rest = title.trimStart();
  for (let m = /^\[([^\]]*)\]\s*/.exec(rest); m; m = /^\[([^\]]*)\]\s*/.exec(rest)) {
    const inner = (m[1] as string).trim();
    if (parseReqId(inner)) ids.push(inner);
    else if (looksLikeReqId(inner)) malformed.push(inner);
    else break;
    rest = rest.slice(m[0].length);
  }
  return { ids, malformed };
}

export function extractTestTitles(file: TextFile): TestTitle[] {
  const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const titles: TestTitle[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && isRunningTestCall(node)) {
      const title = leadingLiteral(node.arguments[0]);
      if (title !== undefined) {
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        titles.push({ file: file.path, line, title, ...leadingIds(title) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return titles;
}
