// 3.6 help output: the derived texts of spec §13.7 (generator validated against
// 3.4 captures), compared byte for byte with our renderer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProgram } from '../../src/cli/program';
import { renderHelp, flagLine } from '../../src/cli/help';
import { findCommand } from '../../src/cli/parse';
import { findRepoRoot } from '../support/root';

function specHelpBlocks(): Map<string, string> {
  const spec = readFileSync(join(findRepoRoot(), '..', 'shared', 'spec', 'etcdctl-reference.md'), 'utf8');
  const section = spec.slice(spec.indexOf('### 13.7'), spec.indexOf('### 13.8'));
  const blocks = new Map<string, string>();
  const re = /\*\*`(etcdctl[^`]*)`[^\n]*\*\*\n\n```\n([\s\S]*?)```/g;
  for (let m = re.exec(section); m; m = re.exec(section)) blocks.set(m[1], m[2].replace(/\^I/g, '\t'));
  return blocks;
}

const expected = specHelpBlocks();

test('spec §13.7 provides the four reference help texts', () => {
  assert.deepEqual([...expected.keys()], ['etcdctl --help', 'etcdctl get --help', 'etcdctl lease --help', 'etcdctl put --help']);
});

for (const [cmdline, text] of expected) {
  test(`help text of "${cmdline}" is byte-identical to 3.6`, () => {
    const words = cmdline.split(' ').slice(1).filter((w) => w !== '--help');
    const { command } = findCommand(buildProgram(), words);
    assert.equal(renderHelp(command), text);
  });
}

test('flag lines: string defaults are Go-quoted, bools bracketed, others raw', () => {
  assert.equal(flagLine({ name: 'consistency', type: 'string', default: 'l', usage: 'u' }), '      --consistency="l"\tu');
  assert.equal(flagLine({ name: 'prefix', type: 'bool', default: false, usage: 'u' }), '      --prefix[=false]\tu');
  assert.equal(flagLine({ name: 'write-out', short: 'w', type: 'string', default: 'simple', usage: 'u' }), '  -w, --write-out="simple"\tu');
  assert.equal(flagLine({ name: 'dial-timeout', type: 'duration', default: 2_000_000_000n, usage: 'u' }), '      --dial-timeout=2s\tu');
  assert.equal(flagLine({ name: 'endpoints', type: 'stringSlice', default: ['a:1', 'b:2'], usage: 'u' }), '      --endpoints=[a:1,b:2]\tu');
});

test('a group command lists its runnable descendants and the API version', () => {
  const { command } = findCommand(buildProgram(), ['member']);
  const help = renderHelp(command);
  assert.match(help, /^NAME:\n {2}member - Membership related commands\n\nUSAGE:\n {2}etcdctl member <subcommand> \[flags\]\n\nAPI VERSION:\n {2}3\.6\n\nCOMMANDS:\n/);
  const commands = help.slice(help.indexOf('COMMANDS:\n') + 10, help.indexOf('\n\nOPTIONS:')).split('\n').map((l) => l.trim().split(/\t+/)[0]);
  assert.deepEqual(commands, ['add', 'list', 'promote', 'remove', 'update']);
});
