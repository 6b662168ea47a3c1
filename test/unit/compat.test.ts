// The etcdctl line of a command tree (src/compat.ts): what a later line added is absent
// from an earlier line's tree, and a run function still gets such a flag's default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineCommand } from '../../src/cli/command';
import { flag } from '../../src/cli/flags';
import { hasSince, parseCompat } from '../../src/compat';

function tree(compat: '3.6' | '3.7', seen: { stream?: boolean }) {
  return defineCommand({
    use: 'etcdctl',
    short: 'root',
    compat,
    subcommands: [
      defineCommand({
        use: 'get',
        short: 'get',
        flags: { prefix: flag.bool('p'), stream: flag.bool('s', false, { since: '3.7' }) },
        async run(_inv, opts) {
          seen.stream = opts.stream;
        },
      }),
      defineCommand({ use: 'options', short: 'o', since: '3.7', async run() {} }),
    ],
  });
}

test('a 3.6 tree has neither 3.7 flags nor 3.7 commands; a 3.7 tree has both', () => {
  const old = tree('3.6', {});
  assert.deepEqual(
    old.subcommands.map((c) => c.name()),
    ['get'],
  );
  assert.deepEqual(
    old.subcommands[0].localFlags.map((f) => f.name),
    ['prefix'],
  );
  assert.equal(old.subcommands[0].compat, '3.6');
  const cur = tree('3.7', {});
  assert.deepEqual(
    cur.subcommands.map((c) => c.name()),
    ['get', 'options'],
  );
  assert.deepEqual(
    cur.subcommands[0].localFlags.map((f) => f.name),
    ['prefix', 'stream'],
  );
});

test('a run function of a 3.6 tree gets a 3.7 flag at its default', async () => {
  const seen: { stream?: boolean } = {};
  const get = tree('3.6', seen).subcommands[0];
  await get.run?.({} as never, new Map([['prefix', true]]));
  assert.equal(seen.stream, false);
});

test('line names and ordering', () => {
  assert.equal(parseCompat('3.6'), '3.6');
  assert.equal(parseCompat('v3.7.1'), '3.7');
  assert.equal(parseCompat('3.5'), undefined);
  assert.equal(parseCompat('3.60'), undefined);
  assert.ok(hasSince('3.7', '3.6') && hasSince('3.7', '3.7') && !hasSince('3.6', '3.7') && hasSince('3.6', undefined));
});
