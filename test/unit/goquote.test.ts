import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goQuote, goQuoteList, goUnquoteBytes } from '../../src/go/quote';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

test('goQuote: plain and escaped ASCII', () => {
  assert.equal(goQuote(''), '""');
  assert.equal(goQuote('foo'), '"foo"');
  assert.equal(goQuote('127.0.0.1:2379'), '"127.0.0.1:2379"');
  assert.equal(goQuote('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(goQuote("it's"), '"it\'s"');
  assert.equal(goQuote('\x07\b\f\n\r\t\v'), '"\\a\\b\\f\\n\\r\\t\\v"');
  assert.equal(goQuote('\x00\x01\x1b\x1f\x7f'), '"\\x00\\x01\\x1b\\x1f\\x7f"');
  assert.equal(goQuote(' ~'), '" ~"');
});

test('goQuote: printable Unicode is kept, other runes escaped', () => {
  assert.equal(goQuote('héllo 日本 😀'), '"héllo 日本 😀"');
  assert.equal(goQuote('e\u0301'), '"e\u0301"'); // combining mark is printable
  assert.equal(goQuote('\u00a0'), '"\\u00a0"'); // no-break space: only U+0020 counts
  assert.equal(goQuote('\u3000'), '"\\u3000"'); // ideographic space
  assert.equal(goQuote('\u0085'), '"\\u0085"'); // C1 control
  assert.equal(goQuote('\u00ad'), '"\\u00ad"'); // soft hyphen (Cf)
  assert.equal(goQuote('\u200b'), '"\\u200b"');
  assert.equal(goQuote('\u2028'), '"\\u2028"');
  assert.equal(goQuote('\ufeff'), '"\\ufeff"');
  assert.equal(goQuote('\ue000'), '"\\ue000"'); // private use
  assert.equal(goQuote('\ufffd'), '"\ufffd"'); // a real U+FFFD is printable
  assert.equal(goQuote('\u{f0000}'), '"\\U000f0000"');
  assert.equal(goQuote('\u{e0001}'), '"\\U000e0001"');
});

test('goQuote: bytes, invalid UTF-8 as \\xNN', () => {
  assert.equal(goQuote(bytes(0x66, 0x6f, 0x6f)), '"foo"');
  assert.equal(goQuote(bytes(0xff)), '"\\xff"');
  assert.equal(goQuote(bytes(0xc3)), '"\\xc3"');
  assert.equal(goQuote(bytes(0xc3, 0x28)), '"\\xc3("');
  assert.equal(goQuote(bytes(0xc3, 0xa9)), '"é"');
  assert.equal(goQuote(bytes(0xe2, 0x82)), '"\\xe2\\x82"');
  assert.equal(goQuote(bytes(0xed, 0xa0, 0x80)), '"\\xed\\xa0\\x80"'); // surrogate
  assert.equal(goQuote(bytes(0xc0, 0x80)), '"\\xc0\\x80"'); // overlong
  assert.equal(goQuote(bytes(0xf4, 0x90, 0x80, 0x80)), '"\\xf4\\x90\\x80\\x80"'); // > U+10FFFF
  assert.equal(goQuote(bytes(0x00, 0x80, 0x61)), '"\\x00\\x80a"');
  // a lone surrogate in a JS string is UTF-8 encoded as U+FFFD first
  assert.equal(goQuote('\ud800'), '"\ufffd"');
});

test('goQuoteList: %q of a []string', () => {
  assert.equal(goQuoteList([]), '[]');
  assert.equal(goQuoteList(['a']), '["a"]');
  assert.equal(goQuoteList(['a', 'b c', 'd"e']), '["a" "b c" "d\\"e"]');
  assert.equal(goQuoteList([bytes(0xff), '']), '["\\xff" ""]');
});

test('goUnquoteBytes: double-quoted literals', () => {
  assert.deepEqual(goUnquoteBytes('""'), bytes());
  assert.deepEqual(goUnquoteBytes('"abc"'), utf8('abc'));
  assert.deepEqual(goUnquoteBytes('"a\\tb\\n"'), utf8('a\tb\n'));
  assert.deepEqual(goUnquoteBytes('"\\a\\b\\f\\n\\r\\t\\v\\\\\\""'), utf8('\x07\b\f\n\r\t\v\\"'));
  assert.deepEqual(goUnquoteBytes('"\\x80\\xFF"'), bytes(0x80, 0xff));
  assert.deepEqual(goUnquoteBytes('"\\101\\377\\000"'), bytes(0x41, 0xff, 0x00));
  assert.deepEqual(goUnquoteBytes('"\\u00e9"'), utf8('é'));
  assert.deepEqual(goUnquoteBytes('"\\U0001F600"'), utf8('😀'));
  assert.deepEqual(goUnquoteBytes('"日本"'), utf8('日本'));
  assert.deepEqual(goUnquoteBytes('"it\'s"'), utf8("it's"));
});

test('goUnquoteBytes: raw and single-quoted literals', () => {
  assert.deepEqual(goUnquoteBytes('`a\\nb`'), utf8('a\\nb'));
  assert.deepEqual(goUnquoteBytes('`a\r\nb`'), utf8('a\nb'));
  assert.deepEqual(goUnquoteBytes('`multi\nline`'), utf8('multi\nline'));
  assert.deepEqual(goUnquoteBytes("'a'"), utf8('a'));
  assert.deepEqual(goUnquoteBytes("'\\''"), utf8("'"));
  assert.deepEqual(goUnquoteBytes("'\"'"), utf8('"'));
  assert.deepEqual(goUnquoteBytes("'日'"), utf8('日'));
});

test('goUnquoteBytes: invalid syntax', () => {
  const bad = [
    '',
    '"',
    'abc',
    '"abc',
    'abc"',
    '"a"b"',
    '"\\q"',
    '"\\x8"',
    '"\\xg0"',
    '"\\400"',
    '"\\08"',
    '"\\u12"',
    '"\\ud800"',
    '"\\U00110000"',
    '"a\nb"',
    '"\\\'"',
    '"\\"',
    '`a`b`',
    "'ab'",
    "''",
    "'\\\"'",
  ];
  for (const s of bad) {
    assert.throws(() => goUnquoteBytes(s), { message: 'invalid syntax' }, JSON.stringify(s));
  }
});
