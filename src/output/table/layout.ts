/**
 * Cell wrapping and column widths of a table as github.com/olekukonko/tablewriter
 * v0.0.5 computes them with etcdctl's settings (auto wrap at 30 columns, reflow).
 */

import { displayWidth, goStringWidth } from './width';

/** tablewriter MAX_ROW_WIDTH: cells wider than this are wrapped. */
const MAX_ROW_WIDTH = 30;
/** tablewriter WrapString's penalty for lines longer than the limit. */
const DEFAULT_PENALTY = 1e5;

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
  /** Wraps one line of cells (the header or a row), widening the columns; its lines per cell and height. */
  const measure = (cells: string[]): { lines: string[][]; height: number } => {
    let height = 0;
    const lines = cells.map((v, i) => {
      const c = parseDimension(v);
      setWidth(i, c.width);
      if (c.lines.length > height) height = c.lines.length;
      return c.lines;
    });
    return { lines, height };
  };
  const head = measure(header);
  const body = rows.map(measure);
  for (let i = 0; i < widths.length; i++) if (widths[i] === undefined) widths[i] = 0;
  return {
    header: head.lines,
    rows: body.map((r) => r.lines),
    widths,
    headerHeight: head.height,
    heights: body.map((r) => r.height),
  };
}
