// Issue 11 item 6: the extension flags of get, put, del, txn and watch stay out of etcdctl's bytes:
// not in the help sections etcdctl prints (only in the trailing EXTENSION OPTIONS section),
// not in the --debug listing (global flags only), not in any completion (__complete and the scripts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProgram } from '../../src/program';
import { renderHelp } from '../../src/cli/help';
import { findCommand } from '../../src/cli/parse';
import { GLOBAL_FLAGS } from '../../src/cli/globals';
import { completionScript, SHELLS } from '../../src/cli/completion-scripts';
import { complete } from '../../src/cli/complete';
import { findRepoRoot } from '../support/root';
import { EXTENSION_OPTIONS, extensionFlagNames, splitExtensions } from '../support/help-sections';

const COMMANDS = ['get', 'put', 'del', 'txn', 'watch'];

/** Every extension flag name of the commands, as declared in the code. */
function declared(path: string): string[] {
  const { command } = findCommand(buildProgram('3.6'), [path]);
  return command.localFlags
    .filter((f) => f.extension)
    .map((f) => f.name)
    .sort();
}

test('the declared extension flags are exactly those of the expected EXTENSION OPTIONS sections', () => {
  for (const c of COMMANDS) assert.deepEqual(declared(c), extensionFlagNames(c).sort(), c);
  assert.deepEqual(declared('get'), ['require-match', 'separator']);
  assert.deepEqual(declared('put'), ['if-absent', 'if-mod-rev']);
  assert.deepEqual(declared('del'), ['dry-run', 'if-mod-rev']);
  assert.deepEqual(declared('txn'), ['file']);
  assert.deepEqual(declared('watch'), ['max-disconnect', 'on-compacted', 'separator', 'timestamps']);
});

for (const c of COMMANDS) {
  test(`${c} --help: extension flags only in the trailing EXTENSION OPTIONS section`, () => {
    const { command } = findCommand(buildProgram('3.6'), [c]);
    const { etcdctl, extensions } = splitExtensions(renderHelp(command));
    assert.equal(extensions, EXTENSION_OPTIONS[c]);
    for (const name of declared(c)) assert.ok(!etcdctl.includes(`--${name}`), `${c}: --${name} in etcdctl's sections`);
    assert.ok(!etcdctl.includes('EXTENSION'));
  });
}

test('the --debug listing (global flags) holds no extension flag', () => {
  const globals = new Set(GLOBAL_FLAGS.map((f) => f.name));
  assert.ok(GLOBAL_FLAGS.every((f) => !f.extension));
  for (const c of COMMANDS) for (const name of declared(c)) assert.ok(!globals.has(name), name);
});

test('no completion offers an extension flag: __complete, and the scripts (generated and committed) that call it', () => {
  const names = COMMANDS.flatMap(declared);
  const program = buildProgram('3.6');
  for (const c of COMMANDS) {
    const offered = complete(program, [c, '--']).candidates.map((x) => x.value);
    for (const name of declared(c)) assert.ok(!offered.includes(`--${name}`), `__complete ${c} offers --${name}`);
    assert.ok(offered.length > 0, `${c} has ordinary flags`);
  }
  assert.ok(
    complete(program, ['watch', '--']).candidates.some((x) => x.value === '--prev-kv'),
    '__complete lists ordinary flags',
  );
  const dir = join(findRepoRoot(), 'completions');
  const scripts = [
    ...SHELLS.map((s) => [`generated ${s}`, completionScript(s, program)]),
    ...readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  ];
  for (const [what, text] of scripts) {
    for (const name of names) assert.ok(!new RegExp(`-${name}\\b`).test(text), `${what} offers --${name}`);
    assert.ok(text.includes(' __complete '), `${what} asks __complete for its candidates`);
  }
});

test('a txn request line refuses the extension flags as unknown flags (as etcdctl does)', async () => {
  const { parseRequestLine } = await import('../../src/commands/txn/grammar');
  let stderr = '';
  const io = {
    readRest: async () => Buffer.alloc(0),
    stdout: { write() {} },
    stderr: { write: (s: string) => void (stderr += s) },
    sleep: async () => {},
    compat: '3.6' as const,
  };
  for (const line of [
    'put --if-absent k v',
    'get --require-match k',
    'get --separator=x k',
    'del --dry-run k',
    'del --if-mod-rev=3 k',
  ]) {
    stderr = '';
    await assert.rejects(parseRequestLine(line, io), { message: `invalid txn request: ${line}` }, line);
    assert.ok(stderr.startsWith('Usage:\n'), line);
    assert.ok(!/if-absent|require-match|separator|dry-run|if-mod-rev/.test(stderr), line);
  }
});
