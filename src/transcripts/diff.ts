/**
 * [GEN-FUNC-TRANSCRIPT-DIFF.1] A readable difference between an expected and an actual transcript:
 * unified-diff hunks (`-` expected, `+` actual) with line numbers of the expected text and two
 * lines of context, from a longest-common-subsequence alignment of lines.
 */
type Op = { readonly k: ' ' | '-' | '+'; readonly text: string; readonly line: number };

function align(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: length of the LCS of a[i..] and b[j..].
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i] as number[];
    const below = lcs[i + 1] as number[];
    for (let j = m - 1; j >= 0; j--) row[j] = a[i] === b[j] ? (below[j + 1] as number) + 1 : Math.max(below[j] as number, row[j + 1] as number);
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ k: ' ', text: a[i] as string, line: i + 1 });
      i += 1;
      j += 1;
    } else if (i < n && (j >= m || (lcs[i + 1] as number[])[j]! >= (lcs[i] as number[])[j + 1]!)) {
      // Deletions before insertions, so a changed line reads "- old" then "+ new".
      ops.push({ k: '-', text: a[i] as string, line: i + 1 });
      i += 1;
    } else {
      ops.push({ k: '+', text: b[j] as string, line: i + 1 });
      j += 1;
    }
  }
  return ops;
}

/** '' when equal; otherwise hunks headed `@@ line N @@`. */
export function lineDiff(expected: string, actual: string, context = 2): string {
  if (expected === actual) return '';
  const ops = align(expected.split('\n'), actual.split('\n'));
  const changed = ops.map((o, idx) => (o.k === ' ' ? -1 : idx)).filter((idx) => idx >= 0);
  const out: string[] = [];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, (changed[k] as number) - context);
    let end = (changed[k] as number) + context;
    while (k + 1 < changed.length && (changed[k + 1] as number) - context <= end + 1) {
      k += 1;
      end = (changed[k] as number) + context;
    }
    end = Math.min(ops.length - 1, end);
    out.push(`@@ line ${(ops[start] as Op).line} @@`);
    for (let idx = start; idx <= end; idx++) out.push(`${(ops[idx] as Op).k}${(ops[idx] as Op).text}`);
    k += 1;
  }
  return out.join('\n');
}
