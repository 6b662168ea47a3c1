/**
 * Table output (`-w table`) reproducing github.com/olekukonko/tablewriter
 * v0.0.5 as etcdctl 3.6 configures it: defaults (auto-format headers, auto
 * wrap at 30 columns with reflow, borders, header line) plus
 * SetAlignment(ALIGN_RIGHT). See docs/etcdctl-behaviour.md §5.6 / docs/etcdctl-behaviour.md §13.5.
 *
 *  - Every cell (header and data) is split at '\n', re-joined with spaces
 *    ("reflow") and wrapped with tablewriter's minimal-raggedness algorithm
 *    at min(cell width, 30) columns; the column width is the widest result
 *    (at most 30 unless a single word is longer).
 *  - Header lines are passed through tablewriter's Title() (`_` → space,
 *    trim, upper-case) and centred (extra space on the right); data lines
 *    are right-aligned.
 *  - Output: border, header line(s), border, data lines, border; an empty
 *    table gets border, header, border, border. Each line ends with '\n'.
 *
 * Rendering is done with cli-table3 (project requirement); the cell
 * measuring (table/width.ts) and wrapping (table/layout.ts) are our own.
 * When cli-table3 cannot reproduce the Go bytes (its width measurement
 * differs from go-runewidth for some characters, ANSI escapes, ragged rows,
 * columns narrower than 2 in multi-line rows, no columns at all) the same
 * layout is printed by `renderTablePlain`, a direct port of tablewriter's
 * printing code.
 */

import { cliTable, drawWithCliTable } from './table/cli-draw';
import { displayWidth } from './table/width';
import { layoutTable, type TableLayout } from './table/layout';

export { goStringWidth } from './table/width';
export { layoutTable, type TableLayout } from './table/layout';

function isNumOrSpace(r: string): boolean {
  return (r >= '0' && r <= '9') || r === ' ';
}

function goToUpper(s: string): string {
  let out = '';
  for (const ch of s) {
    const up = ch.toUpperCase();
    // Go maps rune by rune; multi-rune expansions (ß → SS) do not happen.
    out += Array.from(up).length === 1 ? up : ch;
  }
  return out;
}

/** tablewriter Title(): header auto-format. */
export function goTitle(name: string): string {
  const origLen = name.length;
  const rs = Array.from(name);
  for (let i = 0; i < rs.length; i++) {
    const r = rs[i];
    if (r === '_') {
      rs[i] = ' ';
    } else if (r === '.') {
      if ((i !== 0 && !isNumOrSpace(rs[i - 1])) || (i !== rs.length - 1 && !isNumOrSpace(rs[i + 1]))) {
        rs[i] = ' ';
      }
    }
  }
  // Go strings.TrimSpace (Unicode white space).
  let out = rs.join('').replace(/^[\s\u0085]+|[\s\u0085]+$/gu, '');
  if (out.length === 0 && origLen > 0) out = ' ';
  return goToUpper(out);
}

function repeat(s: string, n: number): string {
  return n > 0 ? s.repeat(n) : '';
}

/** tablewriter Pad (centre; extra space on the right). */
function padCenter(s: string, width: number): string {
  const gap = width - displayWidth(s);
  if (gap <= 0) return s;
  const left = Math.floor(gap / 2);
  return repeat(' ', left) + s + repeat(' ', gap - left);
}

/** tablewriter PadLeft (right-align). */
function padLeft(s: string, width: number): string {
  const gap = width - displayWidth(s);
  return gap > 0 ? repeat(' ', gap) + s : s;
}

function borderLine(widths: number[]): string {
  let s = '+';
  for (const w of widths) s += repeat('-', w + 2) + '+';
  return s + '\n';
}

/**
 * Direct port of tablewriter v0.0.5's Render for etcdctl's configuration.
 * Used when cli-table3 cannot reproduce the exact bytes; also handy as a
 * reference in tests.
 */
export function renderTablePlain(header: string[], rows: string[][]): string {
  const t = layoutTable(header, rows);
  const border = borderLine(t.widths);
  let out = border;
  if (header.length > 0) {
    for (let x = 0; x < t.headerHeight; x++) {
      out += '|';
      for (let y = 0; y < t.widths.length; y++) {
        const h = y < t.header.length && x < t.header[y].length ? t.header[y][x] : '';
        out += ' ' + padCenter(goTitle(h), t.widths[y]) + ' |';
      }
      out += '\n';
    }
    out += border;
  }
  t.rows.forEach((cells, r) => {
    const max = t.heights[r];
    for (let x = 0; x < max; x++) {
      for (let y = 0; y < cells.length; y++) {
        // tablewriter fills missing lines of shorter cells with two spaces.
        const str = x < cells[y].length ? cells[y][x] : '  ';
        out += '| ' + padLeft(str, t.widths[y]) + ' ';
      }
      out += '|\n';
    }
  });
  return out + border;
}

const CHARS = {
  top: '-',
  'top-mid': '+',
  'top-left': '+',
  'top-right': '+',
  bottom: '-',
  'bottom-mid': '+',
  'bottom-left': '+',
  'bottom-right': '+',
  left: '|',
  'left-mid': '+',
  mid: '-',
  'mid-mid': '+',
  right: '|',
  'right-mid': '+',
  middle: '|',
} as const;

/** Whether cli-table3 measures and lays out this table exactly like tablewriter. */
function cliTableCompatible(t: TableLayout, header: string[], rows: string[][]): boolean {
  const n = header.length;
  if (n === 0) return false;
  if (rows.some((r) => r.length !== n)) return false;
  const sameWidth = (s: string): boolean => !s.includes('\x1b') && cliTable().strlen(s) === displayWidth(s);
  for (const col of t.header) {
    for (const line of col) if (!sameWidth(goTitle(line))) return false;
  }
  for (let r = 0; r < t.rows.length; r++) {
    for (let c = 0; c < n; c++) {
      const cell = t.rows[r][c];
      for (const line of cell) if (!sameWidth(line)) return false;
      // Go pads short cells with "  ", which overflows a column narrower than 2.
      if (cell.length < t.heights[r] && t.widths[c] < 2) return false;
    }
  }
  return true;
}

/**
 * Renders a table exactly like etcdctl 3.6 (`-w table`). Every output line,
 * including the last, ends with '\n'.
 */
export function renderTable(header: string[], rows: string[][]): string {
  const t = layoutTable(header, rows);
  if (!cliTableCompatible(t, header, rows)) return renderTablePlain(header, rows);

  const head = t.header.map((lines) => lines.map(goTitle));
  let out = drawWithCliTable(head, t.rows, t.widths, CHARS) + '\n';
  if (rows.length === 0) {
    // cli-table3 draws no header separator without body rows; tablewriter
    // prints the header line and then the bottom border.
    out += borderLine(t.widths);
  }
  return out;
}
