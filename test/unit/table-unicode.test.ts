// The 3.7 table layout (tablewriter v1.1.4 as etcdctl 3.7 sets it up, docs/etcdctl-3.7-behaviour.md §6.4): cli-table3
// rendering and the direct writer agree; no wrapping; trimmed cells; empty tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutUnicodeTable, renderUnicodeTable, renderUnicodeTablePlain } from '../../src/output/table/unicode';

function check(header: string[], rows: string[][], expected: string): void {
  assert.equal(renderUnicodeTable(header, rows), expected);
  assert.equal(renderUnicodeTablePlain(header, rows), expected);
}

test('a cell wider than 30 columns stays on one line (3.6 wrapped it)', () => {
  const error = 'Active Alarm(s): NOSPACE NOSPACE CORRUPT';
  check(
    ['endpoint', 'health', 'took', 'error'],
    [['127.0.0.1:2379', 'false', '2ms', error]],
    '┌────────────────┬────────┬──────┬──────────────────────────────────────────┐\n' +
      '│    ENDPOINT    │ HEALTH │ TOOK │                  ERROR                   │\n' +
      '├────────────────┼────────┼──────┼──────────────────────────────────────────┤\n' +
      `│ 127.0.0.1:2379 │  false │  2ms │ ${error} │\n` +
      '└────────────────┴────────┴──────┴──────────────────────────────────────────┘\n',
  );
});

test('cells are trimmed; headers: _ to space, upper case, centred (extra space on the right)', () => {
  check(
    ['hash_revision', 'ab'],
    [['  5 ', 'x  ']],
    '┌───────────────┬────┐\n' +
      '│ HASH REVISION │ AB │\n' +
      '├───────────────┼────┤\n' +
      '│             5 │  x │\n' +
      '└───────────────┴────┘\n',
  );
  check(['a', 'b'], [['wide', 'w']], '┌──────┬───┐\n│  A   │ B │\n├──────┼───┤\n│ wide │ w │\n└──────┴───┘\n');
});

test('no data rows: top border, header, bottom border', () => {
  check(['endpoint', 'hash'], [], '┌──────────┬──────┐\n│ ENDPOINT │ HASH │\n└──────────┴──────┘\n');
});

test('several rows: no line between them', () => {
  check(['k'], [['1'], ['22'], ['']], '┌────┐\n│ K  │\n├────┤\n│  1 │\n│ 22 │\n│    │\n└────┘\n');
});

test('a cell with a line break spans two lines, each as wide as it is', () => {
  const t = layoutUnicodeTable(['a', 'b'], [['x\ny', 'long text here']]);
  assert.deepEqual(t.rows[0][0], ['x', 'y']);
  assert.deepEqual(t.widths, [1, 14]);
  check(
    ['a', 'b'],
    [['x\ny', 'long text here']],
    '┌───┬────────────────┐\n│ A │       B        │\n├───┼────────────────┤\n│ x │ long text here │\n│ y │                │\n└───┴────────────────┘\n',
  );
});

test('wide and combining characters: measured like Go (the direct writer when cli-table3 differs)', () => {
  const rows = [['日本', 'e\u0301\u0301 ansi \x1b[31mred\x1b[0m']];
  assert.equal(renderUnicodeTable(['id', 'name'], rows), renderUnicodeTablePlain(['id', 'name'], rows));
  assert.ok(renderUnicodeTable(['id'], [['日本']]).includes('│ 日本 │'));
  assert.equal(renderUnicodeTable([], []), '');
});
