// Cross-command behaviour matrix: command-name matching (docs/etcdctl-behaviour.md §1.3), no server needed.
// Unique prefixes select a command at every level; an unknown or ambiguous word under
// the root is an error with cobra's suggestions (exit 1); under a group it selects the
// group, whose help is printed (stdout, exit 0). Ours is compared with itself (the
// prefix gives exactly what the full name gives) and with etcdctl 3.5.30, which must
// behave the same way; where 3.6 differs from the oracle (commands added in 3.6,
// cobra's error printed once), the expectation is derived and docs/etcdctl-behaviour.md cited.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { cobraOnce, pool, runOurs, runReal, type Outcome } from '../support/matrix';

const LIMIT = 6;

interface LookupRan {
  name: string;
  got: Outcome;
  want: Outcome;
  real?: Outcome;
  realWant?: Outcome;
}

const PREFIXES: [string[], string[], boolean][] = [
  // [typed, full, the oracle has it]
  [['g'], ['get'], true],
  [['p'], ['put'], true],
  [['t'], ['txn'], true],
  [['w'], ['watch'], true],
  [['v'], ['version'], true],
  [['mo'], ['move-leader'], true],
  [['ma'], ['make-mirror'], true],
  [['lo'], ['lock'], true],
  [['el'], ['elect'], true],
  [['defr'], ['defrag'], true],
  [['compa'], ['compaction'], true],
  [['compl'], ['completion'], false],
  [['mem'], ['member'], true],
  [['mem', 'li'], ['member', 'list'], true],
  [['mem', 'a'], ['member', 'add'], true],
  [['mem', 'rem'], ['member', 'remove'], true],
  [['mem', 'u'], ['member', 'update'], true],
  [['mem', 'p'], ['member', 'promote'], true],
  [['le'], ['lease'], true],
  [['le', 'gr'], ['lease', 'grant'], true],
  [['le', 'k'], ['lease', 'keep-alive'], true],
  [['le', 'l'], ['lease', 'list'], true],
  [['le', 're'], ['lease', 'revoke'], true],
  [['le', 't'], ['lease', 'timetolive'], true],
  [['al', 'l'], ['alarm', 'list'], true],
  [['al', 'd'], ['alarm', 'disarm'], true],
  [['au', 'e'], ['auth', 'enable'], true],
  [['au', 'd'], ['auth', 'disable'], true],
  [['au', 's'], ['auth', 'status'], true],
  [['en', 's'], ['endpoint', 'status'], true],
  [['en', 'he'], ['endpoint', 'health'], true],
  [['en', 'ha'], ['endpoint', 'hashkv'], true],
  [['us', 'a'], ['user', 'add'], true],
  [['us', 'd'], ['user', 'delete'], true],
  [['us', 'ge'], ['user', 'get'], true],
  [['us', 'gr'], ['user', 'grant-role'], true],
  [['us', 'l'], ['user', 'list'], true],
  [['us', 'p'], ['user', 'passwd'], true],
  [['us', 'r'], ['user', 'revoke-role'], true],
  [['ro', 'a'], ['role', 'add'], true],
  [['ro', 'd'], ['role', 'delete'], true],
  [['ro', 'ge'], ['role', 'get'], true],
  [['ro', 'gr'], ['role', 'grant-permission'], true],
  [['ro', 'l'], ['role', 'list'], true],
  [['ro', 'r'], ['role', 'revoke-permission'], true],
  [['sn', 'sa'], ['snapshot', 'save'], true],
  [['ch', 'p'], ['check', 'perf'], true],
  [['ch', 'd'], ['check', 'datascale'], true],
  [['do'], ['downgrade'], false],
  [['do', 'v'], ['downgrade', 'validate'], false],
  [['do', 'e'], ['downgrade', 'enable'], false],
  [['do', 'c'], ['downgrade', 'cancel'], false],
];

/** Words below a group that select the group itself: its help on stdout, exit 0. */
const GROUP_HELP: [string[], string[], boolean][] = [
  [[], [], true],
  [['lease'], ['lease'], true],
  [['lease', 'foo'], ['lease'], true],
  [['lease', 'foo', 'bar', '-w', 'json'], ['lease'], true],
  [['le', 'foo'], ['lease'], true],
  [['member', 'foo'], ['member'], true],
  [['alarm', 'foo'], ['alarm'], true],
  [['auth', 'foo'], ['auth'], true],
  [['check', 'foo'], ['check'], true],
  [['endpoint', 'foo'], ['endpoint'], true],
  [['endpoint', 'h'], ['endpoint'], true], // ambiguous: health, hashkv
  [['user', 'g'], ['user'], true], // ambiguous: get, grant-role
  [['role', 'g'], ['role'], true],
  [['role', 'foo', '--hex'], ['role'], true],
  [['snapshot', 'foo'], ['snapshot'], true],
  [['snapshot', 'status', 'x.db'], ['snapshot'], false], // removed in 3.5+/3.6 etcdctl (docs/etcdctl-behaviour.md §8.7)
  [['downgrade', 'foo'], ['downgrade'], false],
  [['help', 'le'], ['lease'], true],
  [['help', 'lease', 'foo'], ['lease'], true],
  [['help', 'mem', 'li'], ['member', 'list'], true],
  [['help', 'mem', 'li', 'extra'], ['member', 'list'], true],
];

/** Root-level words that are not a command (or ambiguous): exit 1 with cobra's suggestions. */
const UNKNOWN: [string[], ((o: Outcome) => Outcome)?][] = [
  [['zzz']],
  [['e']],
  [['l']],
  [['a']],
  [['de']],
  [['co']],
  [['com']],
  [['m']],
  [['foo', 'bar']],
  [['foo', '--bogus']],
  [['--debug', 'zzz', '-w', 'json']],
  [['--endpoints=127.0.0.1:1', 'zzz']],
  // 3.6 registers downgrade after completion (docs/etcdctl-behaviour.md §1.3 registration order)
  [['d'], (o) => ({ ...o, err: o.err.replace('\tdefrag\n', '\tdefrag\n\tdowngrade\n') })],
];

describe('command-name matching', () => {
  const ran: LookupRan[] = [];
  before(async () => {
    const tasks: (() => Promise<LookupRan>)[] = [];
    for (const [typed, full, hasOracle] of PREFIXES) {
      tasks.push(async () => {
        const [got, want] = await Promise.all([runOurs([...typed, '--help']), runOurs([...full, '--help'])]);
        const r: LookupRan = { name: `${typed.join(' ')} = ${full.join(' ')}`, got, want };
        if (hasOracle)
          [r.real, r.realWant] = await Promise.all([runReal([...typed, '--help']), runReal([...full, '--help'])]);
        return r;
      });
    }
    for (const [typed, group, hasOracle] of GROUP_HELP) {
      tasks.push(async () => {
        const [got, help] = await Promise.all([runOurs(typed), runOurs([...group, '--help'])]);
        const r: LookupRan = {
          name: `${typed.join(' ') || '(nothing)'}: help of ${group.join(' ') || 'etcdctl'}, exit 0`,
          got,
          want: help,
        };
        if (hasOracle) [r.real, r.realWant] = await Promise.all([runReal(typed), runReal([...group, '--help'])]);
        return r;
      });
    }
    for (const [typed, derive] of UNKNOWN) {
      tasks.push(async () => {
        const [got, real] = await Promise.all([runOurs(typed), runReal(typed)]);
        return {
          name: `${typed.join(' ')}: unknown command, exit 1`,
          got,
          want: (derive ?? ((o) => o))(cobraOnce(real)),
        };
      });
    }
    ran.push(...(await pool(tasks, LIMIT)));
  });

  const names = [
    ...PREFIXES.map(([t, f]) => `${t.join(' ')} = ${f.join(' ')}`),
    ...GROUP_HELP.map(([t, g]) => `${t.join(' ') || '(nothing)'}: help of ${g.join(' ') || 'etcdctl'}, exit 0`),
    ...UNKNOWN.map(([t]) => `${t.join(' ')}: unknown command, exit 1`),
  ];
  names.forEach((name, i) => {
    test(name, () => {
      const r = ran[i];
      assert.equal(r.name, name);
      assert.equal(r.got.code, i < PREFIXES.length + GROUP_HELP.length ? 0 : 1);
      assert.deepEqual(r.got, r.want);
      if (r.real && r.realWant) assert.deepEqual(r.real, r.realWant, 'the oracle behaves the same way');
    });
  });

  test('unknown help topic: stderr note, root help without its -h line on stdout, exit 0', async () => {
    const [o, rootHelp, r] = await Promise.all([
      runOurs(['help', 'foo']),
      runOurs(['--help']),
      runReal(['help', 'foo']),
    ]);
    // cobra never initialised the root's help flag here (compared with 3.5.30 byte for byte in help.test.ts)
    const helpLine = /^ {2}-h, --help\[=false\]\t+help for etcdctl\n/m;
    assert.match(rootHelp.out, helpLine);
    assert.deepEqual(o, { ...rootHelp, out: rootHelp.out.replace(helpLine, ''), err: 'Unknown help topic [`foo`]\n' });
    assert.equal(r.err, o.err);
    assert.equal(r.code, 0);
  });

  test('unknown flag on a group: usage error with the group help', async () => {
    for (const args of [
      ['member', '--bogus'],
      ['member', 'foo', '--bogus'],
      ['mem', 'li', '--bogus'],
    ]) {
      const group = args[1] === 'li' ? ['member', 'list'] : ['member'];
      const [o, help, r] = await Promise.all([runOurs(args), runOurs([...group, '--help']), runReal(args)]);
      assert.deepEqual(o, { ...help, err: 'Error: unknown flag: --bogus\n\n', code: 1 });
      assert.deepEqual({ err: cobraOnce(r).err, code: r.code }, { err: o.err, code: 1 });
    }
  });
});
