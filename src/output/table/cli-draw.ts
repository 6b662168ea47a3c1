/**
 * Drawing a laid-out table with cli-table3 (both table styles: 3.6's ASCII, 3.7's Unicode).
 * The module is loaded on first use: only commands that print a table pay for cli-table3.
 */
import type TableCtor from 'cli-table3';

/** cli-table3's border characters. */
export type BoxChars = Readonly<Record<string, string>>;

/** cli-table3 and its own width function (to detect cells it would measure differently from Go). */
export function cliTable(): { Table: typeof TableCtor; strlen(s: string): number } {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return {
    Table: require('cli-table3') as typeof TableCtor,
    strlen: (require('cli-table3/src/utils') as { strlen(s: string): number }).strlen,
  };
}

/**
 * The table of header lines (centred) and rows (right-aligned), one padding space each side,
 * columns `widths` wide (padding excluded), no wrapping. No final newline.
 */
export function drawWithCliTable(head: string[][], rows: string[][][], widths: number[], chars: BoxChars): string {
  const { Table } = cliTable();
  const table = new Table({
    // cli-table3 accepts cell objects in `head` (its typings say string[]).
    head: head.map((lines) => ({ content: lines.join('\n'), hAlign: 'center' as const })) as unknown as string[],
    colWidths: widths.map((w) => w + 2),
    colAligns: widths.map(() => 'right' as const),
    wordWrap: false,
    chars,
    style: { head: [], border: [], compact: true, 'padding-left': 1, 'padding-right': 1 },
  });
  for (const cells of rows) {
    table.push(cells.map((lines) => ({ content: lines.join('\n'), hAlign: 'right' as const })));
  }
  return table.toString();
}
