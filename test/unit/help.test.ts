// 3.6 help output: the derived texts of docs/etcdctl-behaviour.md §13.7 (generator validated against
// 3.4 captures), kept in test/fixtures/help-3.6/, compared byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProgram } from '../../src/program';
import { renderHelp, flagLine } from '../../src/cli/help';
import { findCommand } from '../../src/cli/parse';
import { findRepoRoot } from '../support/root';
import { EXTENSION_OPTIONS, EXTENSION_SECTION } from '../support/help-sections';

const fixtures = join(findRepoRoot(), 'test', 'fixtures', 'help-3.6');

test('the fixtures hold the four reference help texts of docs/etcdctl-behaviour.md §13.7', () => {
  assert.deepEqual(readdirSync(fixtures).sort(), ['get.txt', 'lease.txt', 'put.txt', 'root.txt']);
});

for (const file of readdirSync(fixtures)) {
  const words = file === 'root.txt' ? [] : file.replace(/\.txt$/, '').split('-');
  test(`help text of "etcdctl ${words.join(' ')} --help" is byte-identical to 3.6`, () => {
    const { command } = findCommand(buildProgram('3.6'), words);
    // etcdctl's bytes, then our EXTENSION COMMANDS (root) or EXTENSION OPTIONS section
    const tail = file === 'root.txt' ? EXTENSION_SECTION : (EXTENSION_OPTIONS[words.join(' ')] ?? '');
    assert.equal(renderHelp(command), readFileSync(join(fixtures, file), 'utf8') + tail);
  });
}

test('flag lines: string defaults are Go-quoted, bools bracketed, others raw', () => {
  assert.equal(
    flagLine({ name: 'consistency', type: 'string', default: 'l', usage: 'u' }),
    '      --consistency="l"\tu',
  );
  assert.equal(flagLine({ name: 'prefix', type: 'bool', default: false, usage: 'u' }), '      --prefix[=false]\tu');
  assert.equal(
    flagLine({ name: 'write-out', short: 'w', type: 'string', default: 'simple', usage: 'u' }),
    '  -w, --write-out="simple"\tu',
  );
  assert.equal(
    flagLine({ name: 'dial-timeout', type: 'duration', default: 2_000_000_000n, usage: 'u' }),
    '      --dial-timeout=2s\tu',
  );
  assert.equal(
    flagLine({ name: 'endpoints', type: 'stringSlice', default: ['a:1', 'b:2'], usage: 'u' }),
    '      --endpoints=[a:1,b:2]\tu',
  );
});

test('a group command lists its runnable descendants and the API version', () => {
  const { command } = findCommand(buildProgram('3.6'), ['member']);
  const help = renderHelp(command);
  assert.match(
    help,
    /^NAME:\n {2}member - Membership related commands\n\nUSAGE:\n {2}etcdctl member <subcommand> \[flags\]\n\nAPI VERSION:\n {2}3\.6\n\nCOMMANDS:\n/,
  );
  const commands = help
    .slice(help.indexOf('COMMANDS:\n') + 10, help.indexOf('\n\nOPTIONS:'))
    .split('\n')
    .map((l) => l.trim().split(/\t+/)[0]);
  assert.deepEqual(commands, ['add', 'list', 'promote', 'remove', 'update']);
});
