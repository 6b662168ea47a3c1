/**
 * Table output (`-w table`) reproducing github.com/olekukonko/tablewriter
 * v0.0.5 as etcdctl 3.6 configures it: defaults (auto-format headers, auto
 * wrap at 30 columns with reflow, borders, header line) plus
 * SetAlignment(ALIGN_RIGHT). See spec §5.6 / §13.5.
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
 * wrapping and measuring is done here. When cli-table3 cannot reproduce the
 * Go bytes (its width measurement differs from go-runewidth for some
 * characters, ANSI escapes, ragged rows, columns narrower than 2 in
 * multi-line rows, no columns at all) the same layout is printed by
 * `renderTablePlain`, a direct port of tablewriter's printing code.
 */

import type TableCtor from 'cli-table3';

/**
 * cli-table3 and its own width function (string-width based, used to detect
 * cells it would measure differently from go-runewidth), loaded on first use:
 * only commands that print a table pay for them at start-up.
 */
function cliTable(): { Table: typeof TableCtor; strlen(s: string): number } {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return { Table: require('cli-table3') as typeof TableCtor, strlen: (require('cli-table3/src/utils') as { strlen(s: string): number }).strlen };
}

/** tablewriter MAX_ROW_WIDTH: cells wider than this are wrapped. */
const MAX_ROW_WIDTH = 30;
/** tablewriter WrapString's penalty for lines longer than the limit. */
const DEFAULT_PENALTY = 1e5;

// East Asian Wide (W) and Fullwidth (F) code point ranges, inclusive pairs.
const DOUBLE_WIDTH: readonly number[] = [
  0x1100, 0x115f, 0x231a, 0x231b, 0x2329, 0x232a, 0x23e9, 0x23ec, 0x23f0, 0x23f0,
  0x23f3, 0x23f3, 0x25fd, 0x25fe, 0x2614, 0x2615, 0x2630, 0x2637, 0x2648, 0x2653,
  0x267f, 0x267f, 0x268a, 0x268f, 0x2693, 0x2693, 0x26a1, 0x26a1, 0x26aa, 0x26ab,
  0x26bd, 0x26be, 0x26c4, 0x26c5, 0x26ce, 0x26ce, 0x26d4, 0x26d4, 0x26ea, 0x26ea,
  0x26f2, 0x26f3, 0x26f5, 0x26f5, 0x26fa, 0x26fa, 0x26fd, 0x26fd, 0x2705, 0x2705,
  0x270a, 0x270b, 0x2728, 0x2728, 0x274c, 0x274c, 0x274e, 0x274e, 0x2753, 0x2755,
  0x2757, 0x2757, 0x2795, 0x2797, 0x27b0, 0x27b0, 0x27bf, 0x27bf, 0x2b1b, 0x2b1c,
  0x2b50, 0x2b50, 0x2b55, 0x2b55, 0x2e80, 0x2e99, 0x2e9b, 0x2ef3, 0x2f00, 0x2fd5,
  0x2ff0, 0x303e, 0x3041, 0x3096, 0x3099, 0x30ff, 0x3105, 0x312f, 0x3131, 0x318e,
  0x3190, 0x31e5, 0x31ef, 0x321e, 0x3220, 0x3247, 0x3250, 0xa48c, 0xa490, 0xa4c6,
  0xa960, 0xa97c, 0xac00, 0xd7a3, 0xf900, 0xfaff, 0xfe10, 0xfe19, 0xfe30, 0xfe52,
  0xfe54, 0xfe66, 0xfe68, 0xfe6b, 0xff01, 0xff60, 0xffe0, 0xffe6, 0x16fe0, 0x16fe4,
  0x16ff0, 0x16ff6, 0x17000, 0x18cda, 0x18cff, 0x18d20, 0x18d80, 0x18df2, 0x18e00, 0x19191,
  0x191a0, 0x191d2, 0x1aff0, 0x1aff3, 0x1aff5, 0x1affb, 0x1affd, 0x1affe, 0x1b000, 0x1b128,
  0x1b132, 0x1b132, 0x1b150, 0x1b152, 0x1b155, 0x1b155, 0x1b164, 0x1b168, 0x1b170, 0x1b2fb,
  0x1d300, 0x1d356, 0x1d360, 0x1d376, 0x1f004, 0x1f004, 0x1f0cf, 0x1f0cf, 0x1f18e, 0x1f18e,
  0x1f191, 0x1f19a, 0x1f1ae, 0x1f1ae, 0x1f200, 0x1f202, 0x1f210, 0x1f23b, 0x1f240, 0x1f248,
  0x1f250, 0x1f251, 0x1f260, 0x1f265, 0x1f300, 0x1f320, 0x1f32d, 0x1f335, 0x1f337, 0x1f37c,
  0x1f37e, 0x1f393, 0x1f3a0, 0x1f3ca, 0x1f3cf, 0x1f3d3, 0x1f3e0, 0x1f3f0, 0x1f3f4, 0x1f3f4,
  0x1f3f8, 0x1f43e, 0x1f440, 0x1f440, 0x1f442, 0x1f4fc, 0x1f4ff, 0x1f53d, 0x1f54b, 0x1f54e,
  0x1f550, 0x1f567, 0x1f57a, 0x1f57a, 0x1f595, 0x1f596, 0x1f5a4, 0x1f5a4, 0x1f5fb, 0x1f64f,
  0x1f680, 0x1f6c5, 0x1f6cc, 0x1f6cc, 0x1f6d0, 0x1f6d2, 0x1f6d5, 0x1f6d9, 0x1f6dc, 0x1f6df,
  0x1f6eb, 0x1f6ec, 0x1f6f4, 0x1f6fc, 0x1f7da, 0x1f7da, 0x1f7e0, 0x1f7eb, 0x1f7f0, 0x1f7f0,
  0x1f90c, 0x1f93a, 0x1f93c, 0x1f945, 0x1f947, 0x1f9ff, 0x1fa70, 0x1fa7c, 0x1fa80, 0x1fac6,
  0x1fac8, 0x1fac8, 0x1facc, 0x1fadd, 0x1fadf, 0x1faeb, 0x1faef, 0x1fafa, 0x20000, 0x2fffd,
  0x30000, 0x3fffd,
];

// go-runewidth "nonprint" table (zero width), beyond C0/C1 controls.
const NONPRINT: readonly number[] = [
  0x070f, 0x070f, 0x180b, 0x180e, 0x200b, 0x200f, 0x2028, 0x202e, 0x206a, 0x206f,
  0xd800, 0xdfff, 0xfeff, 0xfeff, 0xfff9, 0xfffb, 0xfffe, 0xffff,
];

const COMBINING_RE = /^[\p{Mn}\p{Me}]$/u;
const ANSI_RE = /\x1b\[(?:[0-9]{1,3}(?:;[0-9]{1,3})*)?[m|K]/g;

function inRanges(table: readonly number[], r: number): boolean {
  let lo = 0;
  let hi = table.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (r < table[2 * mid]) hi = mid - 1;
    else if (r > table[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** go-runewidth RuneWidth (non-East-Asian locale), approximated with Unicode data. */
function runeWidth(r: number): number {
  if (r < 0 || r > 0x10ffff) return 0;
  if (r < 0x20) return 0;
  if ((r >= 0x7f && r <= 0x9f) || r === 0xad) return 0;
  if (r < 0x300) return 1;
  if (inRanges(NONPRINT, r)) return 0;
  if (COMBINING_RE.test(String.fromCodePoint(r))) return 0;
  if (inRanges(DOUBLE_WIDTH, r)) return 2;
  return 1;
}

function graphemes(s: string): string[] {
  if (typeof Intl !== 'undefined' && typeof Intl.Segmenter === 'function') {
    const seg = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    return Array.from(seg.segment(s), (x) => x.segment);
  }
  return Array.from(s);
}

/**
 * go-runewidth StringWidth: per grapheme cluster, the width of its first
 * non-zero-width rune (ASCII fast path).
 */
export function goStringWidth(s: string): number {
  // eslint-disable-next-line no-control-regex
  if (/^[\x20-\x7e]*$/.test(s)) return s.length;
  let width = 0;
  for (const g of graphemes(s)) {
    let w = 0;
    for (const ch of g) {
      w = runeWidth(ch.codePointAt(0) as number);
      if (w > 0) break;
    }
    width += w;
  }
  return width;
}

/** tablewriter DisplayWidth: StringWidth after removing ANSI colour sequences. */
function displayWidth(s: string): number {
  return goStringWidth(s.replace(ANSI_RE, ''));
}

/** tablewriter WrapWords: minimal-raggedness line breaking. */
function wrapWords(words: string[], spc: number, lim: number, pen: number): string[][] {
  const n = words.length;
  const widths = words.map(goStringWidth);
  // length(i, j) = width of words[i..j] joined by spc.
  const prefix: number[] = [0];
  for (let i = 0; i < n; i++) prefix.push(prefix[i] + widths[i]);
  const length = (i: number, j: number): number => prefix[j + 1] - prefix[i] + spc * (j - i);
  const nbrk: number[] = new Array<number>(n).fill(0);
  const cost: number[] = new Array<number>(n).fill(2147483647);
  for (let i = n - 1; i >= 0; i--) {
    if (length(i, n - 1) <= lim) {
      cost[i] = 0;
      nbrk[i] = n;
    } else {
      for (let j = i + 1; j < n; j++) {
        const d = lim - length(i, j - 1);
        let c = d * d + cost[j];
        if (length(i, j - 1) > lim) c += pen;
        if (c < cost[i]) {
          cost[i] = c;
          nbrk[i] = j;
        }
      }
    }
  }
  const lines: string[][] = [];
  let i = 0;
  while (i < n) {
    lines.push(words.slice(i, nbrk[i]));
    i = nbrk[i];
  }
  return lines;
}

/** tablewriter WrapString: words are separated by single spaces (empty words kept). */
function wrapString(s: string, lim: number): string[] {
  const words = s.split('\n').join(' ').split(' ');
  for (const w of words) {
    const width = goStringWidth(w);
    if (width > lim) lim = width;
  }
  return wrapWords(words, 1, lim, DEFAULT_PENALTY).map((l) => l.join(' '));
}

interface CellLayout {
  lines: string[];
  width: number;
}

/** tablewriter parseDimension with autoWrap and reflowText enabled. */
function parseDimension(str: string): CellLayout {
  let raw = str.split('\n');
  let maxWidth = 0;
  for (const line of raw) {
    const w = displayWidth(line);
    if (w > maxWidth) maxWidth = w;
  }
  if (maxWidth > MAX_ROW_WIDTH) maxWidth = MAX_ROW_WIDTH;
  let newMaxWidth = maxWidth;
  const paraLines = wrapString(raw.join(' '), maxWidth);
  for (const line of paraLines) {
    const w = displayWidth(line);
    if (w > newMaxWidth) newMaxWidth = w;
  }
  raw = paraLines;
  return { lines: raw, width: newMaxWidth };
}

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

/** Cell lines and column widths of a table, as tablewriter computes them. */
export interface TableLayout {
  /** Header lines per column (raw, before Title()). */
  header: string[][];
  /** Lines per cell, per row. */
  rows: string[][][];
  /** Column content widths (without the one-space padding). */
  widths: number[];
  /** Header height (number of lines). */
  headerHeight: number;
  /** Row heights. */
  heights: number[];
}

/** Computes cell wrapping and column widths (tablewriter SetHeader + Append). */
export function layoutTable(header: string[], rows: string[][]): TableLayout {
  const widths: number[] = [];
  const setWidth = (col: number, w: number): void => {
    const v = widths[col];
    if (v === undefined || v < w || v === 0) widths[col] = w;
  };
  let headerHeight = 0;
  const hdr: string[][] = [];
  header.forEach((h, i) => {
    const c = parseDimension(h);
    setWidth(i, c.width);
    if (c.lines.length > headerHeight) headerHeight = c.lines.length;
    hdr.push(c.lines);
  });
  const heights: number[] = [];
  const out: string[][][] = [];
  for (const row of rows) {
    let h = 0;
    const cells: string[][] = [];
    row.forEach((v, i) => {
      const c = parseDimension(v);
      setWidth(i, c.width);
      if (c.lines.length > h) h = c.lines.length;
      cells.push(c.lines);
    });
    heights.push(h);
    out.push(cells);
  }
  for (let i = 0; i < widths.length; i++) if (widths[i] === undefined) widths[i] = 0;
  return { header: hdr, rows: out, widths, headerHeight, heights };
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
  const sameWidth = (s: string): boolean =>
    !s.includes('\x1b') && cliTable().strlen(s) === displayWidth(s);
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

  const head = t.header.map((lines) => ({
    content: lines.map(goTitle).join('\n'),
    hAlign: 'center' as const,
  }));
  const { Table } = cliTable();
  const table = new Table({
    // cli-table3 accepts cell objects in `head` (its typings say string[]).
    head: head as unknown as string[],
    colWidths: t.widths.map((w) => w + 2),
    colAligns: t.widths.map(() => 'right' as const),
    wordWrap: false,
    chars: CHARS,
    style: { head: [], border: [], compact: true, 'padding-left': 1, 'padding-right': 1 },
  });
  for (const cells of t.rows) {
    table.push(cells.map((lines) => ({ content: lines.join('\n'), hAlign: 'right' as const })));
  }
  let out = table.toString() + '\n';
  if (rows.length === 0) {
    // cli-table3 draws no header separator without body rows; tablewriter
    // prints the header line and then the bottom border.
    out += borderLine(t.widths);
  }
  return out;
}
