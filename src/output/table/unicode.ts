/**
 * Table output (`-w table`) of the 3.7 line: github.com/olekukonko/tablewriter v1.1.4 as
 * etcdctl 3.7 configures it (docs/etcdctl-3.7-behaviour.md §6.4):
 *
 *  - Unicode box glyphs: `┌─┬─┐` top, `├─┼─┤` under the header, `└─┴─┘` bottom, `│` between
 *    cells; no line between data rows; no trailing spaces; every line ends with '\n'.
 *  - No word wrapping: a cell is as wide as its text (trimmed of surrounding white space; a
 *    cell holding line breaks spans several lines, each as wide as it is).
 *  - Column width = widest header or cell + 2 (one padding space each side); header text
 *    through Title() and centred (extra space on the right), data right-aligned.
 *  - A table without data rows: top border, header line, bottom border (no separator).
 *
 * Rendered with cli-table3 (project requirement) when it measures every cell like the Go
 * width library; otherwise by `renderUnicodeTablePlain`, which writes the same layout itself.
 */
import { cliTable, drawWithCliTable } from './cli-draw';
import { displayWidth } from './width';
import { goTitle } from '../table';

/** Go strings.TrimSpace (Unicode white space). */
function trimSpace(s: string): string {
  return s.replace(/^[\s\u0085]+|[\s\u0085]+$/gu, '');
}

interface UnicodeLayout {
  /** Header lines per column, after Title(). */
  header: string[][];
  /** Lines per cell, per row. */
  rows: string[][][];
  /** Column content widths (without the one-space padding). */
  widths: number[];
}

function cellLines(text: string): string[] {
  return text.split('\n').map(trimSpace);
}

/** Cell lines and column widths: no wrapping, widths from the widest line of each column. */
export function layoutUnicodeTable(header: string[], rows: string[][]): UnicodeLayout {
  const columns = Math.max(header.length, ...rows.map((r) => r.length));
  const widths = new Array<number>(columns).fill(0);
  const measure = (cells: string[][]): void =>
    cells.forEach((lines, i) => {
      for (const line of lines) widths[i] = Math.max(widths[i], displayWidth(line));
    });
  const head = header.map((h) => cellLines(h).map(goTitle));
  const body = rows.map((r) => r.map(cellLines));
  measure(head);
  body.forEach(measure);
  return { header: head, rows: body, widths };
}

const spaces = (n: number): string => (n > 0 ? ' '.repeat(n) : '');

function border(widths: number[], left: string, mid: string, right: string): string {
  return `${left}${widths.map((w) => '─'.repeat(w + 2)).join(mid)}${right}\n`;
}

/** One table line per text line of the given cells (missing lines and cells are blank). */
function cellRows(cells: string[][], widths: number[], align: (s: string, w: number) => string): string {
  const height = Math.max(1, ...cells.map((c) => c.length));
  let out = '';
  for (let x = 0; x < height; x++) {
    const parts = widths.map((w, i) => ` ${align(cells[i]?.[x] ?? '', w)} `);
    out += `│${parts.join('│')}│\n`;
  }
  return out;
}

function centre(s: string, width: number): string {
  const gap = width - displayWidth(s);
  const left = Math.floor(gap / 2);
  return spaces(left) + s + spaces(gap - left);
}

function right(s: string, width: number): string {
  return spaces(width - displayWidth(s)) + s;
}

/** The 3.7 table written directly (the reference layout; used when cli-table3 cannot reproduce it). */
export function renderUnicodeTablePlain(header: string[], rows: string[][]): string {
  const t = layoutUnicodeTable(header, rows);
  if (t.widths.length === 0) return '';
  let out = border(t.widths, '┌', '┬', '┐');
  out += cellRows(t.header, t.widths, centre);
  if (t.rows.length > 0) out += border(t.widths, '├', '┼', '┤');
  for (const r of t.rows) out += cellRows(r, t.widths, right);
  return out + border(t.widths, '└', '┴', '┘');
}

const CHARS = {
  top: '─',
  'top-mid': '┬',
  'top-left': '┌',
  'top-right': '┐',
  bottom: '─',
  'bottom-mid': '┴',
  'bottom-left': '└',
  'bottom-right': '┘',
  left: '│',
  'left-mid': '├',
  mid: '─',
  'mid-mid': '┼',
  right: '│',
  'right-mid': '┤',
  middle: '│',
} as const;

/** Whether cli-table3 lays this table out exactly as tablewriter v1 does. */
function cliTableCompatible(t: UnicodeLayout, header: string[], rows: string[][]): boolean {
  if (header.length === 0 || rows.some((r) => r.length !== header.length)) return false;
  const { strlen } = cliTable();
  const same = (s: string): boolean => !s.includes('\x1b') && !s.includes('\t') && strlen(s) === displayWidth(s);
  return [t.header, ...t.rows].every((cells) => cells.every((lines) => lines.every(same)));
}

/** Renders a table exactly like etcdctl 3.7 (`-w table`). */
export function renderUnicodeTable(header: string[], rows: string[][]): string {
  const t = layoutUnicodeTable(header, rows);
  if (!cliTableCompatible(t, header, rows)) return renderUnicodeTablePlain(header, rows);
  return `${drawWithCliTable(t.header, t.rows, t.widths, CHARS)}\n`;
}
