/** Small Markdown writers shared by the generated documents. */

/** A table cell: one line, pipes escaped, empty shown as a dash so that columns stay readable. */
export function cell(text: string | undefined): string {
  const flat = (text ?? '').replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();
  return flat === '' ? '—' : flat;
}

/** Code-formatted list for a cell: `a`, `b` (pipes escaped: GFM splits cells even inside code). */
export function codeList(items: readonly string[]): string {
  return items.length === 0 ? '—' : items.map((i) => `\`${i.replace(/`/g, "'").replace(/\|/g, '\\|')}\``).join(', ');
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

export const GENERATED_NOTICE = 'Generated file: do not edit. Regenerate with `npm run docs`.';
