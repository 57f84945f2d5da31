/**
 * The requirement-id grammar of spec/README.md: `[AREA-KIND-NAME.version]`.
 * One module owns it so that the spec parser, the test-title parser, the source scanner and the
 * machine walker all agree on what an id is. (No example ids appear in this file on purpose: any
 * well-formed id in src/ counts as a citation.)
 */

export const AREAS = ['GEN', 'CFG', 'MSG', 'EMT', 'SIM', 'MEM', 'ELE', 'DIS', 'PUL', 'CHN', 'STX', 'SEC', 'PEER', 'WIRE', 'EXP'] as const;
export const KINDS = ['ASM', 'MSG', 'PARAM', 'FUNC', 'SAFE', 'LIVE'] as const;

export type Area = (typeof AREAS)[number];
export type Kind = (typeof KINDS)[number];

export interface ReqId {
  readonly id: string;
  readonly area: Area;
  readonly kind: Kind;
  readonly name: string;
  readonly version: number;
}

const AREA_ALT = AREAS.join('|');
const KIND_ALT = KINDS.join('|');
/** NAME: upper-case words (letters and digits) joined by '-'; version: a positive integer. */
const ID_BODY = `(${AREA_ALT})-(${KIND_ALT})-([A-Z0-9]+(?:-[A-Z0-9]+)*)\\.([1-9][0-9]*)`;
const EXACT = new RegExp(`^${ID_BODY}$`);

/** Parse one id (no brackets); undefined when it does not follow the grammar exactly. */
export function parseReqId(text: string): ReqId | undefined {
  const m = EXACT.exec(text);
  if (!m) return undefined;
  return { id: text, area: m[1] as Area, kind: m[2] as Kind, name: m[3] as string, version: Number(m[4]) };
}

/**
 * Does this text try to be an id? It starts with a known AREA and a dash. Used to tell a typo
 * (reported as malformed) from ordinary bracketed text such as `[fabric]`.
 */
export function looksLikeReqId(text: string): boolean {
  return new RegExp(`^(${AREA_ALT})-`).test(text.trim());
}

/** KINDs that a machine meta.req or a guard/invariant citation in src/ must also defend. */
export function needsCodeCitation(kind: Kind): boolean {
  return kind === 'FUNC' || kind === 'SAFE' || kind === 'LIVE';
}

/**
 * Every well-formed id in a source text, bracketed or not (invariants are keyed by bare ids,
 * comments use brackets), with the 1-based line of each occurrence.
 */
export function findIdsInText(text: string): { id: string; line: number }[] {
  const found: { id: string; line: number }[] = [];
  // Not inside a longer word on either side (the version's digits are taken greedily).
  const re = new RegExp(`(?<![A-Za-z0-9_-])${ID_BODY}(?![A-Za-z0-9_])`, 'g');
  text.split('\n').forEach((lineText, i) => {
    for (const m of lineText.matchAll(re)) found.push({ id: m[0], line: i + 1 });
  });
  return found;
}

/**
 * Bracketed tokens that start like an id but break the grammar (missing version, lower case,
 * unknown KIND, ...), e.g. a comment citing an id without its version.
 */
export function findMalformedBracketedIds(text: string): { text: string; line: number }[] {
  const found: { text: string; line: number }[] = [];
  const re = new RegExp(`\\[((?:${AREA_ALT})-[^\\]\\s]*)\\]`, 'g');
  text.split('\n').forEach((lineText, i) => {
    for (const m of lineText.matchAll(re)) {
      const inner = m[1] as string;
      if (!parseReqId(inner)) found.push({ text: inner, line: i + 1 });
    }
  });
  return found;
}

/** Ids in a meta.req value: an array of strings (brackets tolerated) or one string. */
export function reqIdsFromMeta(meta: unknown): string[] {
  if (meta === null || typeof meta !== 'object') return [];
  const req = (meta as { req?: unknown }).req;
  const list = typeof req === 'string' ? [req] : Array.isArray(req) ? req : [];
  return list.filter((r): r is string => typeof r === 'string').map((r) => r.trim().replace(/^\[(.*)\]$/, '$1'));
}

/** Stable order for ids in tables and messages. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function uniqueSorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareIds);
}
