import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GoParseError,
  parseCsvRecord,
  parseGoBool,
  parseGoDuration,
  parseGoInt,
  parseGoIntBase,
  parseGoUint,
  parseGoUintBase,
} from '../../src/go/parse';

function throwsGo(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof GoParseError, `not a GoParseError: ${String(e)}`);
    assert.equal(e.message, message);
    return true;
  });
}

const intSyntax = (s: string): string => `strconv.ParseInt: parsing ${s}: invalid syntax`;
const intRange = (s: string): string => `strconv.ParseInt: parsing ${s}: value out of range`;

test('parseGoInt: Go integer literals (base 0)', () => {
  assert.equal(parseGoInt('0', 64), 0n);
  assert.equal(parseGoInt('00', 64), 0n);
  assert.equal(parseGoInt('-0', 64), 0n);
  assert.equal(parseGoInt('42', 64), 42n);
  assert.equal(parseGoInt('+5', 64), 5n);
  assert.equal(parseGoInt('-17', 64), -17n);
  assert.equal(parseGoInt('0x1F', 64), 31n);
  assert.equal(parseGoInt('0X1f', 64), 31n);
  assert.equal(parseGoInt('0x10', 64), 16n);
  assert.equal(parseGoInt('-0x10', 64), -16n);
  assert.equal(parseGoInt('0o17', 64), 15n);
  assert.equal(parseGoInt('0O17', 64), 15n);
  assert.equal(parseGoInt('017', 64), 15n);
  assert.equal(parseGoInt('010', 64), 8n);
  assert.equal(parseGoInt('0b101', 64), 5n);
  assert.equal(parseGoInt('1_000', 64), 1000n);
  assert.equal(parseGoInt('0x_1F', 64), 31n);
  assert.equal(parseGoInt('0_7', 64), 7n);
  assert.equal(parseGoInt('9223372036854775807', 64), 9223372036854775807n);
  assert.equal(parseGoInt('-9223372036854775808', 64), -9223372036854775808n);
  assert.equal(parseGoInt('0x7fffffffffffffff', 64), 9223372036854775807n);
  assert.equal(parseGoInt('2147483647', 32), 2147483647n);
  assert.equal(parseGoInt('-2147483648', 32), -2147483648n);
});

test('parseGoInt: syntax errors', () => {
  for (const s of [
    '',
    'x',
    ' 1',
    '1 ',
    '1.5',
    '1e3',
    '08',
    '0x',
    '0b',
    '0o',
    '0x1g',
    '1__0',
    '_1',
    '1_',
    '0x_',
    '+',
    '-',
    '+-1',
    '--1',
    'é',
    '１',
  ]) {
    // none of these needs escaping beyond JSON's, so JSON.stringify equals Go's %q here
    throwsGo(() => parseGoInt(s, 64), intSyntax(JSON.stringify(s)));
  }
  throwsGo(() => parseGoInt('\x00', 64), intSyntax('"\\x00"'));
  throwsGo(() => parseGoInt('a"b', 64), intSyntax('"a\\"b"'));
});

test('parseGoInt: range errors (checked digit by digit, like Go)', () => {
  throwsGo(() => parseGoInt('9223372036854775808', 64), intRange('"9223372036854775808"'));
  throwsGo(() => parseGoInt('-9223372036854775809', 64), intRange('"-9223372036854775809"'));
  throwsGo(() => parseGoInt('99999999999999999999999', 64), intRange('"99999999999999999999999"'));
  // overflow is detected before the invalid trailing character is reached
  throwsGo(() => parseGoInt('99999999999999999999999x', 64), intRange('"99999999999999999999999x"'));
  throwsGo(() => parseGoInt('2147483648', 32), intRange('"2147483648"'));
  throwsGo(() => parseGoInt('-2147483649', 32), intRange('"-2147483649"'));
  throwsGo(() => parseGoInt('0x8000000000000000', 64), intRange('"0x8000000000000000"'));
});

test('parseGoUint', () => {
  assert.equal(parseGoUint('0', 64), 0n);
  assert.equal(parseGoUint('18446744073709551615', 64), 18446744073709551615n);
  assert.equal(parseGoUint('0xFFFFFFFFFFFFFFFF', 64), 18446744073709551615n);
  assert.equal(parseGoUint('0b11', 64), 3n);
  assert.equal(parseGoUint('1_0', 64), 10n);
  throwsGo(() => parseGoUint('-1', 64), 'strconv.ParseUint: parsing "-1": invalid syntax');
  throwsGo(() => parseGoUint('+1', 64), 'strconv.ParseUint: parsing "+1": invalid syntax');
  throwsGo(() => parseGoUint('', 64), 'strconv.ParseUint: parsing "": invalid syntax');
  throwsGo(
    () => parseGoUint('18446744073709551616', 64),
    'strconv.ParseUint: parsing "18446744073709551616": value out of range',
  );
  throwsGo(() => parseGoUint('4294967296', 32), 'strconv.ParseUint: parsing "4294967296": value out of range');
});

test('parseGoIntBase / parseGoUintBase: strict bases', () => {
  assert.equal(parseGoIntBase('694d77b4f8b4f7a1', 16, 64), 0x694d77b4f8b4f7a1n);
  assert.equal(parseGoIntBase('ABCDEF', 16, 64), 0xabcdefn);
  assert.equal(parseGoIntBase('-10', 16, 64), -16n);
  assert.equal(parseGoIntBase('-8000000000000000', 16, 64), -9223372036854775808n);
  assert.equal(parseGoIntBase('010', 10, 64), 10n);
  assert.equal(parseGoIntBase('+7', 10, 64), 7n);
  throwsGo(() => parseGoIntBase('0x10', 16, 64), intSyntax('"0x10"'));
  throwsGo(() => parseGoIntBase('1_0', 10, 64), intSyntax('"1_0"'));
  throwsGo(() => parseGoIntBase('abc', 10, 64), intSyntax('"abc"'));
  throwsGo(() => parseGoIntBase('', 10, 64), intSyntax('""'));
  throwsGo(() => parseGoIntBase('8000000000000000', 16, 64), intRange('"8000000000000000"'));
  throwsGo(() => parseGoIntBase('9223372036854775808', 10, 64), intRange('"9223372036854775808"'));

  assert.equal(parseGoUintBase('9e737febb6b99eee', 16, 64), 0x9e737febb6b99eeen);
  assert.equal(parseGoUintBase('ffffffffffffffff', 16, 64), 18446744073709551615n);
  throwsGo(() => parseGoUintBase('-1', 16, 64), 'strconv.ParseUint: parsing "-1": invalid syntax');
  throwsGo(() => parseGoUintBase('xyz', 16, 64), 'strconv.ParseUint: parsing "xyz": invalid syntax');
  throwsGo(
    () => parseGoUintBase('10000000000000000', 16, 64),
    'strconv.ParseUint: parsing "10000000000000000": value out of range',
  );
});

test('parseGoBool', () => {
  for (const s of ['1', 't', 'T', 'true', 'TRUE', 'True']) assert.equal(parseGoBool(s), true);
  for (const s of ['0', 'f', 'F', 'false', 'FALSE', 'False']) assert.equal(parseGoBool(s), false);
  throwsGo(() => parseGoBool('yes'), 'strconv.ParseBool: parsing "yes": invalid syntax');
  throwsGo(() => parseGoBool('tRUE'), 'strconv.ParseBool: parsing "tRUE": invalid syntax');
  throwsGo(() => parseGoBool(''), 'strconv.ParseBool: parsing "": invalid syntax');
  throwsGo(() => parseGoBool('\t'), 'strconv.ParseBool: parsing "\\t": invalid syntax');
});

test('parseGoDuration: valid durations', () => {
  assert.equal(parseGoDuration('0'), 0n);
  assert.equal(parseGoDuration('-0'), 0n);
  assert.equal(parseGoDuration('+0'), 0n);
  assert.equal(parseGoDuration('0s'), 0n);
  assert.equal(parseGoDuration('5s'), 5000000000n);
  assert.equal(parseGoDuration('2s'), 2000000000n);
  assert.equal(parseGoDuration('1.5s'), 1500000000n);
  assert.equal(parseGoDuration('.5s'), 500000000n);
  assert.equal(parseGoDuration('1.s'), 1000000000n);
  assert.equal(parseGoDuration('0.3s'), 300000000n);
  assert.equal(parseGoDuration('2m30s'), 150000000000n);
  assert.equal(parseGoDuration('1h'), 3600000000000n);
  assert.equal(parseGoDuration('1.1h'), 3960000000000n);
  assert.equal(parseGoDuration('-1.5h'), -5400000000000n);
  assert.equal(parseGoDuration('300ms'), 300000000n);
  assert.equal(parseGoDuration('1us'), 1000n);
  assert.equal(parseGoDuration('1\u00b5s'), 1000n);
  assert.equal(parseGoDuration('1\u03bcs'), 1000n);
  assert.equal(parseGoDuration('10ns'), 10n);
  assert.equal(parseGoDuration('0.1ns'), 0n);
  assert.equal(parseGoDuration('1h2m3s4ms5us6ns'), 3723004005006n);
  assert.equal(parseGoDuration('1.0000000000000000000001s'), 1000000000n);
  assert.equal(parseGoDuration('9223372036854775807ns'), 9223372036854775807n);
  assert.equal(parseGoDuration('-9223372036854775808ns'), -9223372036854775808n);
  assert.equal(parseGoDuration('2562047h47m16.854775807s'), 9223372036854775807n);
});

test('parseGoDuration: errors', () => {
  throwsGo(() => parseGoDuration(''), 'time: invalid duration ""');
  throwsGo(() => parseGoDuration('x'), 'time: invalid duration "x"');
  throwsGo(() => parseGoDuration('s'), 'time: invalid duration "s"');
  throwsGo(() => parseGoDuration('-'), 'time: invalid duration "-"');
  throwsGo(() => parseGoDuration('.'), 'time: invalid duration "."');
  throwsGo(() => parseGoDuration('.s'), 'time: invalid duration ".s"');
  throwsGo(() => parseGoDuration('1s '), 'time: unknown unit "s " in duration "1s "');
  throwsGo(() => parseGoDuration(' 1s'), 'time: invalid duration " 1s"');
  throwsGo(() => parseGoDuration('5'), 'time: missing unit in duration "5"');
  throwsGo(() => parseGoDuration('1.5'), 'time: missing unit in duration "1.5"');
  throwsGo(() => parseGoDuration('1s5'), 'time: missing unit in duration "1s5"');
  throwsGo(() => parseGoDuration('1x'), 'time: unknown unit "x" in duration "1x"');
  throwsGo(() => parseGoDuration('1S'), 'time: unknown unit "S" in duration "1S"');
  throwsGo(() => parseGoDuration('1sec'), 'time: unknown unit "sec" in duration "1sec"');
  throwsGo(() => parseGoDuration('1\u00b5'), 'time: unknown unit "\\xc2\\xb5" in duration "1\\xc2\\xb5"');
  throwsGo(() => parseGoDuration('a"b'), 'time: invalid duration "a\\"b"');
  throwsGo(() => parseGoDuration('\t1s'), 'time: invalid duration "\\x091s"');
  throwsGo(() => parseGoDuration('9223372036854775808ns'), 'time: invalid duration "9223372036854775808ns"');
  throwsGo(() => parseGoDuration('2562048h'), 'time: invalid duration "2562048h"');
  throwsGo(() => parseGoDuration('99999999999999999999s'), 'time: invalid duration "99999999999999999999s"');
});

test('parseCsvRecord: pflag string slice values', () => {
  assert.deepEqual(parseCsvRecord(''), []);
  assert.deepEqual(parseCsvRecord('a'), ['a']);
  assert.deepEqual(parseCsvRecord('127.0.0.1:2379,127.0.0.1:22379'), ['127.0.0.1:2379', '127.0.0.1:22379']);
  assert.deepEqual(parseCsvRecord(' a , b '), [' a ', ' b ']);
  assert.deepEqual(parseCsvRecord('a,'), ['a', '']);
  assert.deepEqual(parseCsvRecord(','), ['', '']);
  assert.deepEqual(parseCsvRecord('"a,b",c'), ['a,b', 'c']);
  assert.deepEqual(parseCsvRecord('"a""b"'), ['a"b']);
  assert.deepEqual(parseCsvRecord('""'), ['']);
  assert.deepEqual(parseCsvRecord('"a\nb",c'), ['a\nb', 'c']);
  assert.deepEqual(parseCsvRecord('"a\r\nb"'), ['a\nb']);
  assert.deepEqual(parseCsvRecord('a,b\nc,d'), ['a', 'b']);
  assert.deepEqual(parseCsvRecord('\n\na,b'), ['a', 'b']);
  assert.deepEqual(parseCsvRecord('a\r'), ['a']);
  assert.deepEqual(parseCsvRecord('a\rb'), ['a\rb']);
  assert.deepEqual(parseCsvRecord('a,b\r\n'), ['a', 'b']);
  assert.deepEqual(parseCsvRecord('é,日本'), ['é', '日本']);
});

test('parseCsvRecord: Go csv errors', () => {
  throwsGo(() => parseCsvRecord('a,bc"d'), 'parse error on line 1, column 5: bare " in non-quoted-field');
  throwsGo(() => parseCsvRecord('a"'), 'parse error on line 1, column 2: bare " in non-quoted-field');
  throwsGo(() => parseCsvRecord('a,"b'), 'parse error on line 1, column 5: extraneous or missing " in quoted-field');
  throwsGo(() => parseCsvRecord('"a"b'), 'parse error on line 1, column 3: extraneous or missing " in quoted-field');
  throwsGo(
    () => parseCsvRecord('"a\nb'),
    'record on line 1; parse error on line 2, column 2: extraneous or missing " in quoted-field',
  );
  throwsGo(() => parseCsvRecord('\n'), 'EOF');
  throwsGo(() => parseCsvRecord('\r\n\n'), 'EOF');
});
