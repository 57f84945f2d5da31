/**
 * Requirement definitions in spec/*.md: a level-3 heading `### [ID] Title`, then the normative
 * text and a `Source:` line (spec/README.md). Headings inside fenced code blocks are examples,
 * not definitions.
 */
import { looksLikeReqId, parseReqId, type ReqId } from './req-id';

export interface TextFile {
  /** Repository-relative path with '/' separators, e.g. `spec/emitter.md`. */
  readonly path: string;
  readonly text: string;
}

export interface SpecRequirement extends ReqId {
  readonly title: string;
  readonly file: string;
  readonly line: number;
  readonly hasSource: boolean;
}

export interface SpecProblem {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  readonly problem: string;
}

export interface ParsedSpec {
  readonly requirements: SpecRequirement[];
  readonly problems: SpecProblem[];
}

const HEADING = /^(#{1,6})\s+(.*)$/;
const BRACKETED_START = /^\[([^\]]*)\]\s*(.*)$/;
const FENCE = /^\s*(```|~~~)/;
const SOURCE_LINE = /^\s*[*_]{0,2}Source[*_]{0,2}\s*:/;

interface Heading {
  readonly level: number;
  readonly text: string;
  readonly line: number;
}

/** Headings outside fenced code blocks, with the index of the line where each section ends. */
function headingsOf(lines: readonly string[]): { heading: Heading; bodyEnd: number }[] {
  const headings: Heading[] = [];
  let inFence = false;
  lines.forEach((lineText, i) => {
    if (FENCE.test(lineText)) inFence = !inFence;
    const m = inFence ? null : HEADING.exec(lineText);
    if (m) headings.push({ level: (m[1] as string).length, text: (m[2] as string).trim(), line: i + 1 });
  });
  return headings.map((heading, i) => ({ heading, bodyEnd: headings[i + 1]?.line ?? lines.length + 1 }));
}

export function parseSpecFile(file: TextFile): ParsedSpec {
  const lines = file.text.split('\n');
  const requirements: SpecRequirement[] = [];
  const problems: SpecProblem[] = [];
  for (const { heading, bodyEnd } of headingsOf(lines)) {
    const m = BRACKETED_START.exec(heading.text);
    if (!m) continue;
    const inner = (m[1] as string).trim();
    const parsed = parseReqId(inner);
    const where = { file: file.path, line: heading.line, text: inner };
    if (!parsed) {
      if (looksLikeReqId(inner)) problems.push({ ...where, problem: 'heading id does not follow [AREA-KIND-NAME.version]' });
      continue;
    }
    if (heading.level !== 3) {
      problems.push({ ...where, problem: `requirement heading must be level 3 (###), found level ${heading.level}` });
      continue;
    }
    const body = lines.slice(heading.line, bodyEnd - 1);
    requirements.push({
      ...parsed,
      title: (m[2] as string).trim(),
      file: file.path,
      line: heading.line,
      hasSource: body.some((l) => SOURCE_LINE.test(l)),
    });
  }
  return { requirements, problems };
}

export function parseSpecFiles(files: readonly TextFile[]): ParsedSpec {
  const parsed = files.map(parseSpecFile);
  return {
    requirements: parsed.flatMap((p) => p.requirements),
    problems: parsed.flatMap((p) => p.problems),
  };
}
