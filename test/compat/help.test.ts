// Differential test of help texts and flag parse errors for EVERY command path of our
// tree (root, groups and leaves), against the real etcdctl 3.5.30 (which prints the
// 3.4-style TAB layout, docs/etcdctl-behaviour.md §2.3). Both helps are parsed into sections (NAME, USAGE,
// VERSION, API VERSION, Examples, COMMANDS, DESCRIPTION, OPTIONS, GLOBAL OPTIONS; one
// {shorthand, name, default part, usage} per flag line) and compared field by field.
// Where 3.6 differs from 3.5.30 the expectation is edited explicitly below, each edit
// citing docs/etcdctl-behaviour.md; the edited fields are then rendered in the 3.6 layout (docs/etcdctl-behaviour.md §2.2, §13.3)
// and compared with our output byte for byte. No server is needed: help and flag
// errors come before any connection.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProgram } from '../../src/program';
import type { EtcdCommand } from '../../src/cli/command';
import type { FlagSpec } from '../../src/cli/flags';
import { ours, real, type RunResult } from '../support/run';
import { cobraOnce } from '../support/diff';
import { findRepoRoot } from '../support/root';
import {
  byCommandPath,
  byFlagName,
  parseHelp,
  renderHelp36,
  splitExtensions,
  EXTENSION_OPTIONS,
  EXTENSION_SECTION,
  type HelpFlag,
  type HelpText,
} from '../support/help-sections';
import {
  SPEC_USE_SHORT,
  SPEC_GROUPS,
  ORACLE_USE_SHORT_DIFFERS,
  SPEC_FLAG_TYPES,
  NOT_IN_35,
  editOptions,
} from './help-36';

const texts = join(findRepoRoot(), 'test', 'fixtures', 'help-3.6-texts');
const fixtureLines = (file: string): string[] => readFileSync(join(texts, file), 'utf8').replace(/\n$/, '').split('\n');

// ---- the command paths -------------------------------------------------------------

/** etcdctl's commands: our extensions (ls, tree) have no oracle and are tested in test/integration/ls.test.ts. */
function walk(c: EtcdCommand, out: EtcdCommand[] = []): EtcdCommand[] {
  out.push(c);
  for (const s of c.subcommands) if (!s.extension) walk(s, out);
  return out;
}
const program = buildProgram('3.6');
const commands = walk(program);
const key = (path: string[]): string => path.join(' ');

test('our command tree is exactly the 3.6 tree of docs/etcdctl-behaviour.md §1.2/§2.4', () => {
  assert.deepEqual(
    commands
      .map((c) => key(c.path))
      .filter((p) => p !== '')
      .sort(byCommandPath),
    Object.keys(SPEC_USE_SHORT).sort(byCommandPath),
  );
});

// ---- the expected 3.6 help of a path, from the oracle's help ------------------------

/** Paths that 3.5.30 does not have: `downgrade` is 3.6 (docs/etcdctl-behaviour.md §11.2); 3.5.30's `completion` is cobra's group. */
const NOT_IN_ORACLE = (p: string): boolean => p === 'downgrade' || p.startsWith('downgrade ') || p === 'completion';

/** 3.6 global flags absent from every 3.5.x (docs/etcdctl-behaviour.md §11.1 #6; usage texts docs/etcdctl-behaviour.md §3.1/§13.2). */
const MAX_BYTES_FLAGS: HelpFlag[] = [
  {
    short: '',
    name: 'max-recv-bytes',
    value: '=0',
    usage: 'client-side response receive limit in bytes (if 0, it defaults to "math.MaxInt32")',
  },
  {
    short: '',
    name: 'max-request-bytes',
    value: '=0',
    usage: 'client-side request send limit in bytes (if 0, it defaults to 2.0 MiB (2 * 1024 * 1024).)',
  },
];

function useLine(path: string): string {
  const words = path.split(' ');
  const use = SPEC_USE_SHORT[path][0];
  const line = ['etcdctl', ...words.slice(0, -1), use].join(' ');
  // completion: DisableFlagsInUseLine (docs/etcdctl-behaviour.md §2.2)
  return path === 'completion' || line.includes('[flags]') ? line : `${line} [flags]`;
}

function helpFlag(path: string): HelpFlag {
  return {
    short: 'h',
    name: 'help',
    value: '[=false]',
    usage: `help for ${path === '' ? 'etcdctl' : path.split(' ').pop()}`,
  };
}

function expected36(path: string, oracle: HelpText | undefined, rootGlobals: HelpFlag[]): HelpText {
  const isRoot = path === '';
  const e: HelpText = isRoot
    ? { name: 'etcdctl', short: 'A simple command line client for etcd3.', usage: 'etcdctl [flags]', options: [] }
    : // docs/etcdctl-behaviour.md §2.4 is authoritative for Use and Short in 3.6
      { name: path, short: SPEC_USE_SHORT[path][1], usage: useLine(path), options: [] };
  if (isRoot) e.version = '3.6.14'; // docs/etcdctl-behaviour.md §13.7
  const subs = Object.keys(SPEC_USE_SHORT).filter((p) => (isRoot || p.startsWith(`${path} `)) && !SPEC_GROUPS.has(p));
  if (isRoot || SPEC_GROUPS.has(path)) {
    e.api = '3.6'; // docs/etcdctl-behaviour.md §13.7
    // COMMANDS from the 3.6 tree: this drops 3.5's `snapshot restore`/`snapshot status`
    // (docs/etcdctl-behaviour.md §11.2), lists `completion` as one command and adds `downgrade *` (docs/etcdctl-behaviour.md §11.2, §13.7).
    const base = isRoot ? 0 : path.split(' ').length;
    e.commands = subs.sort(byCommandPath).map((p) => [p.split(' ').slice(base).join(' '), SPEC_USE_SHORT[p][1]]);
  }
  // docs/etcdctl-behaviour.md §13.1: the snapshot Examples are 3.6 (3.4/3.5 templates have no Examples section)
  if (path === 'snapshot' || path === 'snapshot save') e.examples = fixtureLines('snapshot.examples.txt');
  // docs/etcdctl-behaviour.md §13.1: DESCRIPTION texts; txn's Long is 3.6 only, completion is the 3.6 command
  if (path === 'txn') e.description = fixtureLines('txn.description.txt');
  else if (path === 'completion') e.description = fixtureLines('completion.description.txt');
  else if (oracle?.description) e.description = oracle.description;

  let options = NOT_IN_ORACLE(path) ? [helpFlag(path)] : (oracle?.options ?? []);
  if (isRoot) options = [...options, ...MAX_BYTES_FLAGS];
  e.options = editOptions(path, options).sort(byFlagName);
  if (!isRoot) {
    const inherited = NOT_IN_ORACLE(path) ? rootGlobals : [...(oracle?.globals ?? []), ...MAX_BYTES_FLAGS];
    e.globals = [...inherited].sort(byFlagName);
  }
  return e;
}

// ---- runs ---------------------------------------------------------------------------

interface Outcome {
  out: string;
  err: string;
  code: number | null;
}
const outcome = (r: RunResult): Outcome => ({ out: r.out, err: r.err, code: r.code });
const cache = new Map<string, Promise<Outcome>>();
function run(side: 'ours' | 'real', args: string[]): Promise<Outcome> {
  const k = `${side}\0${args.join('\0')}`;
  let p = cache.get(k);
  if (!p) {
    p = (side === 'ours' ? ours(args) : real('3.5', args)).then(outcome);
    cache.set(k, p);
  }
  return p;
}

const paths = commands.map((c) => key(c.path));
const argv = (path: string, ...rest: string[]): string[] => [...(path === '' ? [] : path.split(' ')), ...rest];

/** Runs the tests below will need, declared while they are defined (see before()). */
const jobs: [side: 'ours' | 'real', args: string[]][] = [];
const plan = (args: string[], oracle = true): void => {
  jobs.push(['ours', args]);
  if (oracle) jobs.push(['real', args]);
};

let rootGlobals: HelpFlag[] = [];
before(async () => {
  // warm the cache two at a time (2 cores): every test below then only compares
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const [side, args] = jobs[next++];
      await run(side, args);
    }
  };
  await Promise.all([worker(), worker()]);
  const root = parseHelp((await run('real', ['--help'])).out);
  rootGlobals = [...root.options.filter((f) => f.name !== 'help'), ...MAX_BYTES_FLAGS].sort(byFlagName);
});

// ---- 1. help ------------------------------------------------------------------------

describe('--help of every command path vs etcdctl 3.5.30 (+ 3.6 changes)', () => {
  for (const path of paths) {
    plan(argv(path, '--help'), !NOT_IN_ORACLE(path));
    test(`etcdctl ${path} --help`.replace('  ', ' '), async () => {
      let oracle: HelpText | undefined;
      if (!NOT_IN_ORACLE(path)) {
        const r = await run('real', argv(path, '--help'));
        assert.equal(r.code, 0);
        assert.equal(r.err, '');
        oracle = parseHelp(r.out);
        if (path !== '' && !ORACLE_USE_SHORT_DIFFERS.has(path)) {
          // the docs/etcdctl-behaviour.md §2.4 transcription agrees with a real binary wherever 3.5 = 3.6
          assert.equal(oracle.short, SPEC_USE_SHORT[path][1], 'oracle Short vs docs/etcdctl-behaviour.md §2.4');
          assert.equal(oracle.usage, useLine(path), 'oracle Use vs docs/etcdctl-behaviour.md §2.4');
        }
      }
      const o = await run('ours', argv(path, '--help'));
      assert.equal(o.code, 0);
      assert.equal(o.err, '');
      // the root's help ends with our EXTENSION COMMANDS section, after etcdctl's bytes
      const { etcdctl: out, extensions } = splitExtensions(o.out);
      assert.equal(
        extensions,
        path === '' ? EXTENSION_SECTION : (EXTENSION_OPTIONS[path] ?? ''),
        'EXTENSION COMMANDS / OPTIONS',
      );
      const got = parseHelp(out);
      const want = expected36(path, oracle, rootGlobals);
      assert.equal(got.name, want.name, 'NAME');
      assert.equal(got.short, want.short, 'NAME (Short)');
      assert.equal(got.usage, want.usage, 'USAGE');
      assert.equal(got.version, want.version, 'VERSION');
      assert.equal(got.api, want.api, 'API VERSION');
      assert.deepEqual(got.examples, want.examples, 'Examples');
      assert.deepEqual(got.commands, want.commands, 'COMMANDS');
      assert.deepEqual(got.description, want.description, 'DESCRIPTION');
      assert.deepEqual(
        got.options.map((f) => f.name),
        want.options.map((f) => f.name),
        'OPTIONS (names)',
      );
      for (const [i, f] of want.options.entries()) assert.deepEqual(got.options[i], f, `OPTIONS --${f.name}`);
      assert.deepEqual(
        got.globals?.map((f) => f.name),
        want.globals?.map((f) => f.name),
        'GLOBAL OPTIONS (names)',
      );
      for (const [i, f] of (want.globals ?? []).entries())
        assert.deepEqual(got.globals?.[i], f, `GLOBAL OPTIONS --${f.name}`);
      // the fields agree: now the bytes (layout, alignment)
      assert.equal(out, renderHelp36(want));
    });
  }
});

// ---- 2. flag parse errors -------------------------------------------------------------

/** pflag's value errors (docs/etcdctl-behaviour.md §1.4). */
function cause(type: FlagSpec['type'], v: string): string {
  switch (type) {
    case 'bool':
      return `strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax`;
    case 'duration':
      return `time: invalid duration ${JSON.stringify(v)}`;
    case 'uint':
      return `strconv.ParseUint: parsing ${JSON.stringify(v)}: ${/^[0-9]+$/.test(v) ? 'value out of range' : 'invalid syntax'}`;
    default:
      return `strconv.ParseInt: parsing ${JSON.stringify(v)}: ${/^-?[0-9]+$/.test(v) ? 'value out of range' : 'invalid syntax'}`;
  }
}

/** The 3.6 stderr of a parse error: printed once, then an empty line (docs/etcdctl-behaviour.md §1.5). */
const once = (msg: string): string => `Error: ${msg}\n\n`;

async function expectParseError(path: string, args: string[], message: string, oracle: boolean): Promise<void> {
  const help = await run('ours', argv(path, '--help'));
  const o = await run('ours', args);
  assert.equal(o.err, once(message), 'stderr');
  assert.equal(o.code, 1, 'exit code');
  assert.equal(o.out, help.out, 'stdout is the help of the command');
  if (oracle) {
    // 3.5.30 prints the error twice (docs/etcdctl-behaviour.md §11.1 #2)
    const r = await run('real', args);
    assert.equal(cobraOnce({ out: Buffer.from(r.out), err: r.err, code: r.code }).err, once(message), 'oracle stderr');
    assert.equal(r.code, 1, 'oracle exit code');
  }
}

describe('unknown flag on every command path', () => {
  for (const path of paths) {
    plan(argv(path, '--no-such-flag'), !NOT_IN_ORACLE(path));
    test(`etcdctl ${path} --no-such-flag`.replace('  ', ' '), () =>
      expectParseError(path, argv(path, '--no-such-flag'), 'unknown flag: --no-such-flag', !NOT_IN_ORACLE(path)),
    );
  }
});

interface FlagCase {
  path: string;
  spec: FlagSpec;
  /** the flag is declared by an ancestor (persistent) */
  inherited?: boolean;
}

/** Every non-string flag declared by a command (root: the typed global flags). */
const typedFlags: FlagCase[] = commands.flatMap((c) =>
  c.localFlags
    .filter((f) => f.type !== 'string' && f.type !== 'stringSlice')
    .map((spec) => ({ path: key(c.path), spec })),
);
// a persistent group flag and a global flag given to a leaf command
typedFlags.push({
  path: 'endpoint health',
  spec: program.subcommands.find((c) => c.name() === 'endpoint')!.localFlags.find((f) => f.name === 'cluster')!,
  inherited: true,
});
typedFlags.push({ path: 'get', spec: program.localFlags.find((f) => f.name === 'dial-timeout')!, inherited: true });

const flagKey = (c: FlagCase): string =>
  c.inherited || c.path === '' ? `--${c.spec.name}` : `${c.path} --${c.spec.name}`;
/** Does 3.5.30 know the command and the flag (else the 3.6 expectation stands alone)? */
const inOracle = (c: FlagCase): boolean => !c.spec.extension && !NOT_IN_ORACLE(c.path) && !NOT_IN_35.has(flagKey(c));

describe('bad flag values (pflag messages)', () => {
  for (const c of typedFlags) {
    const specType = SPEC_FLAG_TYPES[flagKey(c)];
    if (!c.inherited && !c.spec.extension && (specType !== undefined || c.spec.type !== 'bool')) {
      test(`${flagKey(c)} is declared with the 3.6 type ${specType}`, () => assert.equal(c.spec.type, specType));
    }
    const values = ['x'];
    if (c.spec.type === 'int' || c.spec.type === 'int64') values.push('99999999999999999999');
    if (c.spec.type === 'uint') values.push('-1', '99999999999999999999');
    const display = c.spec.short ? `-${c.spec.short}, --${c.spec.name}` : `--${c.spec.name}`;
    for (const v of values) {
      plan(argv(c.path, `--${c.spec.name}=${v}`), inOracle(c));
      test(`etcdctl ${c.path} --${c.spec.name}=${v}`.replace('  ', ' '), () =>
        expectParseError(
          c.path,
          argv(c.path, `--${c.spec.name}=${v}`),
          `invalid argument "${v}" for "${display}" flag: ${cause(c.spec.type, v)}`,
          inOracle(c),
        ),
      );
    }
    if (c.spec.short) {
      plan(argv(c.path, `-${c.spec.short}=x`), inOracle(c));
      test(`etcdctl ${c.path} -${c.spec.short}=x`, () =>
        expectParseError(
          c.path,
          argv(c.path, `-${c.spec.short}=x`),
          `invalid argument "x" for "${display}" flag: ${cause(c.spec.type, 'x')}`,
          inOracle(c),
        ));
    }
  }
});

describe('flag without its value', () => {
  // one non-boolean flag per command (the first declared), given last
  for (const c of commands) {
    const f = c.localFlags.find((s) => s.type !== 'bool');
    if (!f) continue;
    const path = key(c.path);
    plan(argv(path, `--${f.name}`), inOracle({ path, spec: f }));
    if (f.short) plan(argv(path, `-${f.short}`), inOracle({ path, spec: f }));
    test(`etcdctl ${path} --${f.name}`.replace('  ', ' '), () =>
      expectParseError(
        path,
        argv(path, `--${f.name}`),
        `flag needs an argument: --${f.name}`,
        inOracle({ path, spec: f }),
      ),
    );
    if (f.short) {
      test(`etcdctl ${path} -${f.short}`.replace('  ', ' '), () =>
        expectParseError(
          path,
          argv(path, `-${f.short}`),
          `flag needs an argument: '${f.short}' in -${f.short}`,
          inOracle({ path, spec: f }),
        ),
      );
    }
  }
});

describe('-h/--help is an ordinary bool flag of the executed command (cobra), unknown to the command lookup', () => {
  // the 3.5.30 oracle: help text of the selected command (shown by ours in the 3.6 layout), the
  // error once (docs/etcdctl-behaviour.md §11.1 #2), the exit code; `get --help=false` runs get (argument error, 128)
  const cases = [
    ['get', '--help', '--no-such-flag'],
    ['get', '--help', '--limit=x'],
    ['get', '-h', '--prefix=x'],
    ['lease', 'grant', '--help=x'],
    ['get', '-h=x'],
    ['get', '-hx'],
    ['get', '--help=false'],
    ['--help=0', 'get'],
    ['get', '--help=1', '--help=0'],
    ['lease', '--help=false'],
    ['lease', '-h', 'grant'],
    ['--help', 'get'],
    ['lease', '--help', 'grant'],
    ['lease', 'grant', '--help', 'extra'],
    ['-h'],
    ['lease', '-hw', 'json', 'grant'],
    ['watch', '-ih'],
  ];
  for (const args of cases) {
    plan(args);
    test(`etcdctl ${args.join(' ')}`, async () => {
      const r = await run('real', args);
      const o = await run('ours', args);
      let out = r.out;
      if (r.out.startsWith('NAME:\n')) {
        const { name } = parseHelp(r.out);
        out = (await run('ours', argv(name === 'etcdctl' ? '' : name, '--help'))).out;
      }
      assert.equal(o.err, cobraOnce({ out: Buffer.from(r.out), err: r.err, code: r.code }).err, 'stderr');
      assert.equal(o.code, r.code, 'exit code');
      assert.equal(o.out, out, 'stdout');
    });
  }
});

describe('`help TOPIC` vs etcdctl 3.5.30 (+ 3.6 changes)', () => {
  // unknown topic: the error line on stderr, then the root usage on stdout WITHOUT a
  // `-h, --help` line (cobra never initialised the root's help flag), exit 0 (docs/etcdctl-behaviour.md §10.12)
  for (const args of [
    ['help', 'bogus'],
    ['help', 'bogus', 'x'],
    ['help', 'a`b'],
  ]) {
    plan(args);
    test(`etcdctl ${args.join(' ')}`, async () => {
      const r = await run('real', args);
      const o = await run('ours', args);
      assert.equal(o.code, r.code, 'exit code');
      assert.equal(o.err, r.err, 'stderr');
      const oracle = parseHelp(r.out);
      assert.equal(
        oracle.options.find((f) => f.name === 'help'),
        undefined,
        'the oracle has no -h line',
      );
      assert.equal(o.out, renderHelp36(expected36('', oracle, rootGlobals)) + EXTENSION_SECTION);
    });
  }
  // a known topic (extra words are the topic's arguments): its help, with `-h, --help`
  for (const args of [
    ['help', 'get', 'bogus'],
    ['help', 'lease', 'bogus'],
    ['help', 'lease'],
  ]) {
    plan(args);
    test(`etcdctl ${args.join(' ')}`, async () => {
      const r = await run('real', args);
      const o = await run('ours', args);
      assert.equal(o.code, r.code, 'exit code');
      assert.equal(o.err, r.err, 'stderr');
      const { name } = parseHelp(r.out);
      assert.equal(o.out, (await run('ours', argv(name, '--help'))).out);
    });
  }
});
