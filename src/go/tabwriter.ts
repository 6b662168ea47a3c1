/**
 * Elastic tab-stop alignment compatible with Go's text/tabwriter configured as
 * `tabwriter.NewWriter(w, 0, 8, 1, '\t', 0)` (minwidth 0, tabwidth 8,
 * padding 1, padchar TAB, no flags) — the configuration cobra/etcdctl use for
 * help output.
 *
 * Algorithm (see docs/etcdctl-behaviour.md §13.3):
 *  - the text is split into lines at '\n' and every line into cells at '\t'
 *    (Go also treats '\v' as a cell terminator and '\f' as a line break that
 *    closes every open column block; both are supported here, '\f' is written
 *    out as '\n' like Go does);
 *  - the last cell of a line never takes part in the alignment;
 *  - a maximal run of consecutive lines that have a tab-terminated cell in
 *    column c forms a column block whose width is the widest cell + padding,
 *    rounded up to a multiple of the tab width; blocks are processed
 *    recursively column by column;
 *  - a tab-terminated cell is followed by ceil((width - textWidth) / 8) TABs.
 *
 * Cell text width is the number of Unicode code points (Go counts runes).
 */

const TAB_WIDTH = 8;
const PADDING = 1;
const MIN_WIDTH = 0;

interface Cell {
  text: string;
  width: number;
}

/** Number of Unicode code points in `s`. */
function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low surrogate is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Formats one section (text between form feeds) and appends it to `out`. */
function formatSection(lines: Cell[][], out: string[], lastNewline: string[]): void {
  const widths: number[] = [];

  const writeLines = (line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i];
      for (let j = 0; j < line.length; j++) {
        const c = line[j];
        out.push(c.text);
        if (j < widths.length && j < line.length - 1) {
          const cellw = Math.ceil(widths[j] / TAB_WIDTH) * TAB_WIDTH;
          const n = cellw - c.width;
          out.push('\t'.repeat(Math.ceil(n / TAB_WIDTH)));
        }
      }
      out.push(lastNewline[i]);
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    let l0 = line0;
    let cur = line0;
    while (cur < line1) {
      if (column >= lines[cur].length - 1) {
        cur++;
        continue;
      }
      // Lines l0..cur have no cell in this column: emit them first.
      writeLines(l0, cur);
      l0 = cur;
      // Column block begins.
      let width = MIN_WIDTH;
      while (cur < line1 && column < lines[cur].length - 1) {
        const w = lines[cur][column].width + PADDING;
        if (w > width) width = w;
        cur++;
      }
      widths.push(width);
      format(l0, cur);
      widths.pop();
      l0 = cur;
    }
    writeLines(l0, line1);
  };

  format(0, lines.length);
}

/**
 * Aligns `text` exactly like Go text/tabwriter (minwidth 0, tabwidth 8,
 * padding 1, padchar '\t', flags 0) followed by Flush().
 */
export function tabwrite(text: string): string {
  const out: string[] = [];
  // Split into sections at form feeds; each section is formatted on its own
  // (a '\f' forces a flush in Go, which terminates all column blocks).
  let lines: Cell[][] = [];
  let terminators: string[] = [];
  let cells: Cell[] = [];
  let start = 0;
  const flush = (): void => {
    formatSection(lines, out, terminators);
    lines = [];
    terminators = [];
  };
  for (let i = 0; i <= text.length; i++) {
    const ch = i < text.length ? text[i] : '';
    if (ch === '\t' || ch === '\v' || ch === '\n' || ch === '\f' || ch === '') {
      const t = text.slice(start, i);
      cells.push({ text: t, width: runeCount(t) });
      start = i + 1;
      if (ch === '\n' || ch === '\f') {
        lines.push(cells);
        terminators.push('\n');
        cells = [];
        if (ch === '\f') flush();
      } else if (ch === '') {
        lines.push(cells);
        terminators.push('');
      }
    }
  }
  flush();
  return out.join('');
}
