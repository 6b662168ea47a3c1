// Command lookup (cobra) and flag syntax (pflag): selection, values, error texts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildProgram } from '../../src/program';
import { parseCommandLine, suggestionsFor } from '../../src/cli/parse';
import { RawStderrError, UsageError } from '../../src/errors';

const parse = (argv: string[]) => parseCommandLine(buildProgram('3.6'), argv);

function usageError(argv: string[]): string {
  try {
    parse(argv);
  } catch (e) {
    assert.ok(e instanceof UsageError, `expected a UsageError, got ${String(e)}`);
    return e.message;
  }
  assert.fail(`no error for ${argv.join(' ')}`);
}

test('unambiguous prefixes select commands at every level', () => {
  assert.equal(parse(['mem', 'li']).command.commandPath, 'etcdctl member list');
  assert.equal(parse(['g', 'k']).command.commandPath, 'etcdctl get');
  assert.equal(parse(['lease', 'gr', '10']).command.commandPath, 'etcdctl lease grant');
  assert.deepEqual(parse(['lease', 'gr', '10']).args, ['10']);
});

test('flags may precede the command word, with values', () => {
  const p = parse(['--endpoints', 'a:1,b:2', '-w', 'json', 'get', 'k']);
  assert.equal(p.command.commandPath, 'etcdctl get');
  assert.deepEqual(p.args, ['k']);
  assert.deepEqual(p.values.get('endpoints'), ['a:1', 'b:2']);
  assert.equal(p.values.get('write-out'), 'json');
});

test('flags anywhere among positionals; -- ends flag parsing', () => {
  const p = parse(['put', 'k', '--prev-kv', '--', '-v', '--lease=1']);
  assert.deepEqual(p.args, ['k', '-v', '--lease=1']);
  assert.equal(p.values.get('prev-kv'), true);
  assert.equal(p.dashIndex, 1);
});

test('shorthand forms -wjson, -w=json, -w json', () => {
  for (const argv of [['-wjson'], ['-w=json'], ['-w', 'json']])
    assert.equal(parse(['get', 'k', ...argv]).values.get('write-out'), 'json');
});

test('bool flags take a value only with =; a following word is positional', () => {
  const p = parse(['get', '--prefix', 'false']);
  assert.equal(p.values.get('prefix'), true);
  assert.deepEqual(p.args, ['false']);
  assert.equal(parse(['get', 'k', '--prefix=false']).values.get('prefix'), false);
  assert.equal(parse(['get', 'k', '--prefix=T']).values.get('prefix'), true);
});

test('integers are Go literals with base prefixes and underscores', () => {
  assert.equal(parse(['get', 'k', '--rev=0x10']).values.get('rev'), 16n);
  assert.equal(parse(['get', 'k', '--limit=010']).values.get('limit'), 8n);
  assert.equal(parse(['get', 'k', '--limit=0b101']).values.get('limit'), 5n);
  assert.equal(parse(['get', 'k', '--limit=1_000']).values.get('limit'), 1000n);
});

test('durations are Go durations', () => {
  assert.equal(parse(['--dial-timeout=1.5s', 'get', 'k']).values.get('dial-timeout'), 1_500_000_000n);
  assert.equal(parse(['--command-timeout', '2m30s', 'get', 'k']).values.get('command-timeout'), 150_000_000_000n);
});

test('pflag error texts', () => {
  assert.equal(usageError(['get', '--foo']), 'unknown flag: --foo');
  assert.equal(usageError(['get', '-c']), "unknown shorthand flag: 'c' in -c");
  assert.equal(usageError(['get', '-cx']), "unknown shorthand flag: 'c' in -cx");
  assert.equal(usageError(['get', 'k', '--limit']), 'flag needs an argument: --limit');
  assert.equal(usageError(['get', 'k', '-w']), "flag needs an argument: 'w' in -w");
  assert.equal(
    usageError(['get', 'k', '--limit=x']),
    'invalid argument "x" for "--limit" flag: strconv.ParseInt: parsing "x": invalid syntax',
  );
  assert.equal(
    usageError(['get', 'k', '--prefix=x']),
    'invalid argument "x" for "--prefix" flag: strconv.ParseBool: parsing "x": invalid syntax',
  );
  assert.equal(
    usageError(['--dial-timeout=x', 'get']),
    'invalid argument "x" for "--dial-timeout" flag: time: invalid duration "x"',
  );
  assert.equal(usageError(['get', '---x']), 'bad flag syntax: ---x');
  assert.equal(
    usageError(['get', 'k', '--limit=99999999999999999999']),
    'invalid argument "99999999999999999999" for "--limit" flag: strconv.ParseInt: parsing "99999999999999999999": value out of range',
  );
});

test('the usage error names the command whose help is printed', () => {
  try {
    parse(['lease', 'grant', '--bogus']);
    assert.fail('no error');
  } catch (e) {
    assert.ok(e instanceof UsageError);
    assert.deepEqual(e.commandPath, ['lease', 'grant']);
  }
});

test('unknown command under the root: cobra block with suggestions', () => {
  try {
    parse(['e']);
    assert.fail('no error');
  } catch (e) {
    assert.ok(e instanceof RawStderrError);
    assert.equal(e.code, 1);
    assert.equal(
      e.text,
      'Error: unknown command "e" for "etcdctl"\n\nDid you mean this?\n\tget\n\tdel\n\tendpoint\n\telect\n\nRun \'etcdctl --help\' for usage.\n',
    );
  }
  try {
    parse(['foo']);
    assert.fail('no error');
  } catch (e) {
    assert.ok(e instanceof RawStderrError);
    assert.equal(e.text, 'Error: unknown command "foo" for "etcdctl"\nRun \'etcdctl --help\' for usage.\n');
  }
});

test('suggestions: Levenshtein <= 2 or prefix, in registration order, help excluded', () => {
  const root = buildProgram('3.6');
  assert.deepEqual(suggestionsFor(root, 'pt'), ['get', 'put']);
  assert.deepEqual(suggestionsFor(root, 'lea'), ['get', 'del', 'lease']);
  assert.deepEqual(suggestionsFor(root, 'hel'), ['get', 'del']);
});

test('groups: unknown word or no word selects the group (help), -h anywhere selects help', () => {
  assert.equal(parse(['lease', 'foo']).help, true);
  assert.equal(parse(['lease']).help, true);
  assert.equal(parse([]).help, true);
  assert.equal(parse(['get', 'k', '-h']).help, true);
  assert.equal(parse(['get', 'k']).help, false);
});

test('a flag error is reported before help, wherever -h is (cobra defines -h as a bool flag: parsing goes on)', () => {
  assert.equal(usageError(['get', '--foo', '-h']), 'unknown flag: --foo');
  assert.equal(usageError(['get', '-h', '--foo']), 'unknown flag: --foo');
  assert.equal(
    usageError(['get', '--help=x']),
    'invalid argument "x" for "-h, --help" flag: strconv.ParseBool: parsing "x": invalid syntax',
  );
  assert.equal(usageError(['get', '-hx']), "unknown shorthand flag: 'x' in -x");
  assert.equal(parse(['get', '--help=false', 'k']).help, false);
  assert.equal(parse(['get', '--help', '--help=0', 'k']).help, false);
});

test('command lookup does not know -h/--help yet: it takes the next word as its value', () => {
  assert.equal(parse(['lease', '-h', 'grant']).command.name(), 'lease');
  assert.equal(parse(['--help', 'get']).command.name(), 'etcdctl');
  assert.equal(parse(['lease', 'grant', '-h']).command.name(), 'grant');
});

test('--endpoints is a CSV record, repeatable', () => {
  assert.deepEqual(parse(['--endpoints', 'a:1, b:2', '--endpoints=c:3', 'get', 'k']).values.get('endpoints'), [
    'a:1',
    ' b:2',
    'c:3',
  ]);
  assert.deepEqual(parse(['--endpoints', '"x,y",z', 'get', 'k']).values.get('endpoints'), ['x,y', 'z']);
  assert.equal(
    usageError(['--endpoints', '"x,y":1', 'get']),
    'invalid argument "\\"x,y\\":1" for "--endpoints" flag: parse error on line 1, column 5: extraneous or missing " in quoted-field',
  );
});
