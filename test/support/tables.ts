/**
 * Table readers/writers for the `-w table` tests, independent of src/output/table*:
 *
 *   parseTable(text)            header and rows of a table printed with ASCII (`|`) or Unicode
 *                               (`│`) glyphs, cells trimmed; one text line = one row (cells that
 *                               do not wrap)
 *   unicodeTable(header, rows)  the 3.7 layout, written from the rules of docs/etcdctl-3.7-behaviour.md §6.4
 */

export function parseTable(text: string): { header: string[]; rows: string[][] } {
  const lines = text.split('\n').filter((l) => l.startsWith('|') || l.startsWith('│'));
  const cells = lines.map((l) =>
    l
      .slice(1, -1)
      .split(/[|│]/)
      .map((c) => c.trim()),
  );
  return { header: cells[0], rows: cells.slice(1) };
}

/**
 * Spec 3.7 §6.4: width W = widest cell or header + 2; header upper-cased (`_` → space) and
 * centred with ⌊(W − len − 2)/2⌋ + 1 spaces on the left; cells right-aligned with one space
 * after; no line between rows; an empty table has no line under the header. ASCII text only.
 */
export function unicodeTable(header: string[], rows: string[][]): string {
  const title = header.map((h) => h.replace(/_/g, ' ').trim().toUpperCase());
  const w = title.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)) + 2);
  const line = (l: string, m: string, r: string): string => `${l}${w.map((n) => '─'.repeat(n)).join(m)}${r}\n`;
  const head = title.map((h, i) => {
    const left = Math.floor((w[i] - h.length - 2) / 2) + 1;
    return ' '.repeat(left) + h + ' '.repeat(w[i] - left - h.length);
  });
  const body = rows.map((r) => `│${r.map((c, i) => `${' '.repeat(w[i] - c.length - 1)}${c} `).join('│')}│\n`);
  return (
    line('┌', '┬', '┐') +
    `│${head.join('│')}│\n` +
    (rows.length > 0 ? line('├', '┼', '┤') : '') +
    body.join('') +
    line('└', '┴', '┘')
  );
}
