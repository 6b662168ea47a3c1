// Typed flag declarations: names, specs, default values, and the tree's use of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultOpts, flag, flagName, flagOpts, flagSpecs } from '../../src/cli/flags';
import { buildProgram } from '../../src/program';
import { parseFlags } from '../../src/cli/parse';
import type { EtcdCommand } from '../../src/cli/command';
import { GET_FLAGS } from '../../src/commands/kv';

test('camelCase keys name kebab-case flags', () => {
  assert.equal(flagName('keysOnly'), 'keys-only');
  assert.equal(flagName('insecureSkipTlsVerify'), 'insecure-skip-tls-verify');
  assert.equal(flagName('prefix'), 'prefix');
});

test('a declaration gives specs in its own order, and typed defaults', () => {
  const decls = {
    interactive: flag.bool('i mode', false, { short: 'i' }),
    peerUrls: flag.string('urls', ''),
    rev: flag.int64('rev', 0n),
    maxTxnOps: flag.uint('ops', 128n),
    timeout: flag.duration('t', 5_000_000_000n, { persistent: true }),
    endpoints: flag.stringSlice('eps', ['127.0.0.1:2379']),
    on: flag.bool('on', true, { hidden: true }),
  };
  assert.deepEqual(
    flagSpecs(decls).map((f) => [f.name, f.type, f.short, f.persistent, f.hidden]),
    [
      ['interactive', 'bool', 'i', undefined, undefined],
      ['peer-urls', 'string', undefined, undefined, undefined],
      ['rev', 'int64', undefined, undefined, undefined],
      ['max-txn-ops', 'uint', undefined, undefined, undefined],
      ['timeout', 'duration', undefined, true, undefined],
      ['endpoints', 'stringSlice', undefined, undefined, undefined],
      ['on', 'bool', undefined, undefined, true],
    ],
  );
  assert.deepEqual(defaultOpts(decls), {
    interactive: false,
    peerUrls: '',
    rev: 0n,
    maxTxnOps: 128n,
    timeout: 5_000_000_000n,
    endpoints: ['127.0.0.1:2379'],
    on: true,
  });
});

test('opts come from the parsed command line by flag name', () => {
  const get = buildProgram('3.6').subcommands.find((c) => c.name() === 'get') as EtcdCommand;
  const parsed = parseFlags(get, ['k', '--keys-only', '--limit=3', '--sort-by', 'MODIFY']);
  const opts = flagOpts(GET_FLAGS, parsed.values);
  assert.deepEqual([opts.keysOnly, opts.limit, opts.sortBy, opts.prefix], [true, 3n, 'MODIFY', false]);
  assert.throws(
    () => flagOpts({ bogus: flag.bool('x') }, parsed.values),
    /flag --bogus is not defined on this command/,
  );
});

test("every command's inherited flags are persistent flags of a parent", () => {
  const walk = (c: EtcdCommand): EtcdCommand[] => [c, ...c.subcommands.flatMap(walk)];
  for (const c of walk(buildProgram('3.6'))) {
    const inherited = c.inheritedFlags.map((f) => f.name);
    for (const name of c.inheritedNames) assert.ok(inherited.includes(name), `${c.commandPath}: --${name}`);
  }
});
