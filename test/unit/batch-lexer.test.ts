// batch scripts: POSIX-shell word splitting without expansion, line numbers, refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchSyntaxError, splitBatchScript } from '../../src/batch/lexer';

const words = (text: string) => splitBatchScript(text).map((l) => l.words);

function refusal(text: string): { line: number; reason: string } {
  try {
    splitBatchScript(text);
  } catch (e) {
    assert.ok(e instanceof BatchSyntaxError, String(e));
    return { line: e.line, reason: e.reason };
  }
  assert.fail(`no error for ${JSON.stringify(text)}`);
}

test('one command per line, blank lines and comments skipped, line numbers kept', () => {
  const lines = splitBatchScript('# header\n\nput a 1\n  get a   # trailing\n\tdel a\n');
  assert.deepEqual(lines, [
    { line: 3, words: ['put', 'a', '1'] },
    { line: 4, words: ['get', 'a'] },
    { line: 5, words: ['del', 'a'] },
  ]);
});

test('quotes: single literal, double with the five escapes, empty words, joined parts', () => {
  assert.deepEqual(words(`put 'a b' "c \\"d\\" \\\\ \\$ \\x"`), [['put', 'a b', 'c "d" \\ $ \\x']]);
  assert.deepEqual(words(`put k ''`), [['put', 'k', '']]);
  assert.deepEqual(words(`put pre'mid'"post" v`), [['put', 'premidpost', 'v']]);
  assert.deepEqual(words(`put 'it''s' "a#b" c#d`), [['put', 'its', 'a#b', 'c#d']]);
  assert.deepEqual(words(`put k '$HOME; | & < > ( )'`), [['put', 'k', '$HOME; | & < > ( )']]);
});

test('backslashes: escape outside quotes, continuation joins lines, quoted newlines kept', () => {
  assert.deepEqual(words('put a\\ b \\#c'), [['put', 'a b', '#c']]);
  const lines = splitBatchScript('put k \\\n  v\nget "multi\nline"\nget z');
  assert.deepEqual(lines, [
    { line: 1, words: ['put', 'k', 'v'] },
    { line: 3, words: ['get', 'multi\nline'] },
    { line: 5, words: ['get', 'z'] },
  ]);
  assert.deepEqual(words('put k "a\\\nb"'), [['put', 'k', 'ab']]);
  assert.deepEqual(words('put k v\r\nget k\r\n'), [
    ['put', 'k', 'v'],
    ['get', 'k'],
  ]);
});

test('unterminated quotes name the line the quote opened on', () => {
  assert.deepEqual(refusal("put a 1\nput b 'open\nmore\n"), { line: 2, reason: 'unterminated single quote' });
  assert.deepEqual(refusal('get x\n\nput "k v\n'), { line: 3, reason: 'unterminated double quote' });
});

test('expansions and shell operators are refused, with their line', () => {
  assert.equal(refusal('get a\nput k $HOME').line, 2);
  assert.match(refusal('put k ${X}').reason, /expansion \(\$\{\.\.\.\) is not supported/);
  assert.match(refusal('put k "$(date)"').reason, /expansion/);
  assert.match(refusal('put k `date`').reason, /command substitution/);
  for (const op of [';', '&', '|', '<', '>', '(']) {
    assert.match(refusal(`get a ${op} get b`).reason, new RegExp(`the shell operator '\\${op}'`));
  }
  // a lone `$` or one before a character that does not expand stays literal, as in sh
  assert.deepEqual(words('put price 5$ "$ x" a$.b'), [['put', 'price', '5$', '$ x', 'a$.b']]);
});
