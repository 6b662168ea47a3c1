// Differential tests of auth, user and role (docs/etcdctl-behaviour.md §10.5-10.7, §3.6, §9.4): each command runs
// once with the real etcdctl and once with ours against the same server, from the same state
// (a case's `setup` is applied before and its `undo` after each run, with the real etcdctl),
// and stdout (bytes), stderr and the exit status are compared. Auth RPCs do not move the KV
// revision, so headers are equal between the two runs.
//
// Oracle: etcdctl 3.5.30 against an etcd 3.5 server (it has `auth status`, docs/etcdctl-behaviour.md §11.2); a few
// cases also run 3.4.23 against a 3.4 server. Where 3.6 differs, the test states the 3.6
// expectation (spec section cited). Deliberate difference: etcdctl runs `stty -echo` for its
// password prompts, which prints `stty: 'standard input': Inappropriate ioctl for device`
// on stderr when stdin is not a terminal; we print no such noise, so those lines are dropped
// from the oracle's stderr before comparing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type Cluster, type EtcdFlavor } from '../support/etcd';
import { dropZapLines, ours, real, type RunResult } from '../support/run';

const ROOT = ['--user', 'root:rootpw'];
const STTY_NOISE = "stty: 'standard input': Inappropriate ioctl for device\n";

interface Case {
  args: string[];
  input?: string;
  /** stdin opened from this path instead (a directory: reading fails). */
  stdinPath?: string;
  /** Commands (real etcdctl, as root when auth is on) making the state the case starts from. */
  setup?: string[][];
  /** Commands restoring the state afterwards (failures ignored). */
  undo?: string[][];
  /** The 3.6 outcome, when it differs from the oracle's. */
  expect36?: (r: Outcome) => Outcome;
}

interface Outcome {
  stdout: Buffer;
  stderr: string;
  code: number | null;
}

function outcomeOf(r: RunResult): Outcome {
  return { stdout: r.stdout, stderr: dropZapLines(r.err).split(STTY_NOISE).join(''), code: r.code };
}

class Oracle {
  cluster!: Cluster;
  authOn = false;
  constructor(readonly flavor: EtcdFlavor) {}

  get ep(): string {
    return this.cluster.endpoints[0];
  }

  /** Runs the real etcdctl (as root once auth is enabled); throws unless `mayFail`. */
  async admin(args: string[], mayFail = false): Promise<RunResult> {
    const r = await real(this.flavor, ['--endpoints', this.ep, ...(this.authOn ? ROOT : []), ...args]);
    if (!mayFail) assert.equal(r.code, 0, `setup etcdctl ${args.join(' ')}: ${r.err}`);
    return r;
  }

  async run(c: Case): Promise<{ ours: Outcome; real: Outcome }> {
    const args = ['--endpoints', this.ep, ...c.args];
    const once = async (fn: () => Promise<RunResult>): Promise<Outcome> => {
      for (const s of c.setup ?? []) await this.admin(s);
      try {
        return outcomeOf(await fn());
      } finally {
        for (const u of c.undo ?? []) await this.admin(u, true);
      }
    };
    const r = await once(() => real(this.flavor, args, { input: c.input, stdinPath: c.stdinPath }));
    const o = await once(() => ours(args, { input: c.input, stdinPath: c.stdinPath }));
    return { ours: o, real: c.expect36 ? c.expect36(r) : r };
  }

  /** Defines one differential test. */
  case(name: string, c: Case): void {
    test(name, async () => {
      const { ours: o, real: r } = await this.run(c);
      assert.equal(o.stderr, r.stderr, 'stderr');
      assert.equal(o.stdout.toString('latin1'), r.stdout.toString('latin1'), 'stdout');
      assert.equal(o.code, r.code, 'exit status');
    });
  }
}

const text = (s: string): Buffer => Buffer.from(s);

describe('user, role and auth against etcd 3.5 (oracle etcdctl 3.5.30)', () => {
  const o = new Oracle('3.5');
  before(async () => {
    o.cluster = await startCluster({ flavor: '3.5' });
    // Fixture: users alice (role r1) and bob; role r1 with several permission kinds; role r2 empty.
    for (const a of [
      ['user', 'add', 'alice:apw'],
      ['user', 'add', 'bob:bpw'],
      ['role', 'add', 'r1'],
      ['role', 'add', 'r2'],
      ['role', 'grant-permission', 'r1', 'read', '/a'],
      ['role', 'grant-permission', 'r1', 'read', '/fk', '--from-key'],
      ['role', 'grant-permission', 'r1', 'readwrite', '/p/', '--prefix'],
      ['role', 'grant-permission', 'r1', 'write', '/x', '/y'],
      ['user', 'grant-role', 'alice', 'r1'],
      ['user', 'grant-role', 'alice', 'r2'],
    ]) {
      await o.admin(a);
    }
  });
  after(async () => {
    await o.cluster?.stop();
  });

  describe('user add', () => {
    const undo = [['user', 'delete', 'carol']];
    o.case('name:password', { args: ['user', 'add', 'carol:cpw'], undo });
    o.case('password split at the first colon', { args: ['user', 'add', 'carol:c:pw'], undo });
    o.case('--new-user-password keeps the colon in the name', {
      args: ['user', 'add', 'carol:x', '--new-user-password=pw'],
      undo: [['user', 'delete', 'carol:x']],
    });
    o.case('--no-password', { args: ['user', 'add', 'carol', '--no-password'], undo });
    o.case('--interactive=false reads one word from stdin', {
      args: ['user', 'add', 'carol', '--interactive=false'],
      input: '  cpw rest\n',
      undo,
    });
    o.case('--interactive=false with empty stdin', {
      args: ['user', 'add', 'carol', '--interactive=false'],
      input: '',
      undo,
    });
    o.case('prompts twice (stdin not a terminal)', { args: ['user', 'add', 'carol'], input: 'cpw\ncpw\n', undo });
    o.case('prompt answers are trimmed', { args: ['user', 'add', 'carol'], input: ' cpw \r\ncpw\n', undo });
    o.case('different passwords', { args: ['user', 'add', 'carol'], input: 'cpw1\ncpw2\n', undo });
    o.case('empty password', { args: ['user', 'add', 'carol'], input: '\n', undo });
    o.case('empty password at end of input', { args: ['user', 'add', 'carol'], input: '', undo });
    o.case('empty user name', { args: ['user', 'add', ':pw'] });
    o.case('no argument', { args: ['user', 'add'] });
    o.case('two arguments', { args: ['user', 'add', 'a', 'b'] });
    o.case('existing user', { args: ['user', 'add', 'alice:x'] });
    o.case('-w json', { args: ['user', 'add', 'carol:cpw', '-w', 'json'], undo });
    o.case('-w fields', { args: ['user', 'add', 'carol:cpw', '-w', 'fields'], undo });
    o.case('-w protobuf', { args: ['user', 'add', 'carol:cpw', '-w', 'protobuf'], undo });
    o.case('-w table: created, then the printer fails', { args: ['user', 'add', 'carol:cpw', '-w', 'table'], undo });
    o.case('-w bogus', { args: ['user', 'add', 'carol:cpw', '-w', 'bogus'], undo });
    o.case('-w bogus is reported after the prompts', {
      args: ['user', 'add', 'carol', '-w', 'bogus'],
      input: 'a\na\n',
      undo,
    });
  });

  describe('user delete, get, list', () => {
    const setup = [['user', 'add', 'dave:dpw']];
    const undo = [['user', 'delete', 'dave']];
    o.case('delete', { args: ['user', 'delete', 'dave'], setup, undo });
    o.case('delete -w json', { args: ['user', 'delete', 'dave', '-w', 'json'], setup, undo });
    o.case('delete -w fields', { args: ['user', 'delete', 'dave', '-w', 'fields'], setup, undo });
    o.case('delete unknown user', { args: ['user', 'delete', 'nobody'] });
    o.case('delete without argument', { args: ['user', 'delete'] });
    o.case('get', { args: ['user', 'get', 'alice'] });
    o.case('get a user without roles', { args: ['user', 'get', 'bob'] });
    o.case('get -w json', { args: ['user', 'get', 'alice', '-w', 'json'] });
    o.case('get -w fields is not supported', { args: ['user', 'get', 'alice', '-w', 'fields'] });
    o.case('get -w protobuf', { args: ['user', 'get', 'alice', '-w', 'protobuf'] });
    o.case('get unknown user', { args: ['user', 'get', 'nobody'] });
    o.case('get without argument', { args: ['user', 'get'] });
    o.case('get --detail', { args: ['user', 'get', 'alice', '--detail'] });
    o.case('get --detail -w json', { args: ['user', 'get', 'alice', '--detail', '-w', 'json'] });
    o.case('get --detail -w fields', { args: ['user', 'get', 'alice', '--detail', '-w', 'fields'] });
    o.case('get --detail -w table', { args: ['user', 'get', 'alice', '--detail', '-w', 'table'] });
    o.case('list', { args: ['user', 'list'] });
    o.case('list -w json', { args: ['user', 'list', '-w', 'json'] });
    o.case('list -w fields is not supported', { args: ['user', 'list', '-w', 'fields'] });
    o.case('list -w protobuf', { args: ['user', 'list', '-w', 'protobuf'] });
    o.case('list with an argument', { args: ['user', 'list', 'x'] });
  });

  describe('user passwd, grant-role, revoke-role', () => {
    o.case('passwd --interactive=false', { args: ['user', 'passwd', 'bob', '--interactive=false'], input: 'bpw\n' });
    o.case('passwd prompts twice', { args: ['user', 'passwd', 'bob'], input: 'bpw\nbpw\n' });
    o.case('passwd with different answers', { args: ['user', 'passwd', 'bob'], input: 'a\nb\n' });
    o.case('passwd -w json', { args: ['user', 'passwd', 'bob', '--interactive=false', '-w', 'json'], input: 'bpw' });
    o.case('passwd unknown user', { args: ['user', 'passwd', 'nobody', '--interactive=false'], input: 'x\n' });
    o.case('passwd without argument', { args: ['user', 'passwd'] });
    const undo = [['user', 'revoke-role', 'bob', 'r1']];
    o.case('grant-role', { args: ['user', 'grant-role', 'bob', 'r1'], undo });
    o.case('grant-role -w fields', { args: ['user', 'grant-role', 'bob', 'r1', '-w', 'fields'], undo });
    o.case('grant-role -w protobuf', { args: ['user', 'grant-role', 'bob', 'r1', '-w', 'protobuf'], undo });
    o.case('grant-role of an unknown role', { args: ['user', 'grant-role', 'bob', 'nope'] });
    o.case('grant-role to an unknown user', { args: ['user', 'grant-role', 'nobody', 'r1'] });
    o.case('grant-role with one argument', { args: ['user', 'grant-role', 'bob'] });
    const setup = [['user', 'grant-role', 'bob', 'r2']];
    o.case('revoke-role', {
      args: ['user', 'revoke-role', 'bob', 'r2'],
      setup,
      undo: [['user', 'revoke-role', 'bob', 'r2']],
    });
    o.case('revoke-role -w json', {
      args: ['user', 'revoke-role', 'bob', 'r2', '-w', 'json'],
      setup,
      undo: [['user', 'revoke-role', 'bob', 'r2']],
    });
    o.case('revoke-role not granted', { args: ['user', 'revoke-role', 'bob', 'r1'] });
    o.case('revoke-role with three arguments', { args: ['user', 'revoke-role', 'a', 'b', 'c'] });
  });

  describe('role', () => {
    const undo = [['role', 'delete', 'r9']];
    o.case('add', { args: ['role', 'add', 'r9'], undo });
    o.case('add -w json', { args: ['role', 'add', 'r9', '-w', 'json'], undo });
    o.case('add -w fields', { args: ['role', 'add', 'r9', '-w', 'fields'], undo });
    o.case('add -w protobuf', { args: ['role', 'add', 'r9', '-w', 'protobuf'], undo });
    o.case('add existing', { args: ['role', 'add', 'r1'] });
    o.case('add without argument', { args: ['role', 'add'] });
    o.case('delete', { args: ['role', 'delete', 'r9'], setup: [['role', 'add', 'r9']], undo });
    o.case('delete unknown', { args: ['role', 'delete', 'r9'] });
    o.case('get', { args: ['role', 'get', 'r1'] });
    o.case('get -w json', { args: ['role', 'get', 'r1', '-w', 'json'] });
    o.case('get -w fields', { args: ['role', 'get', 'r1', '-w', 'fields'] });
    o.case('get -w fields --hex', {
      args: ['role', 'get', 'r1', '-w', 'fields', '--hex'],
      // docs/etcdctl-behaviour.md §11.4 #8: 3.6 prints the cluster and member IDs in hex (3.5 ignores --hex here).
      expect36: (r) => ({
        ...r,
        stdout: text(
          r.stdout
            .toString()
            .replace(
              /^("(?:ClusterID|MemberID)" : )(\d+)$/gm,
              (_m, k: string, v: string) => k + BigInt(v).toString(16),
            ),
        ),
      }),
    });
    o.case('get -w protobuf', { args: ['role', 'get', 'r1', '-w', 'protobuf'] });
    o.case('get -w table is not supported', { args: ['role', 'get', 'r1', '-w', 'table'] });
    o.case('get an empty role', { args: ['role', 'get', 'r2'] });
    o.case('get unknown', { args: ['role', 'get', 'nope'] });
    o.case('get with two arguments', { args: ['role', 'get', 'a', 'b'] });
    o.case('list', { args: ['role', 'list'] });
    o.case('list -w fields', { args: ['role', 'list', '-w', 'fields'] });
    o.case('list -w json', { args: ['role', 'list', '-w', 'json'] });
    o.case('list -w protobuf', { args: ['role', 'list', '-w', 'protobuf'] });
    o.case('list with an argument', { args: ['role', 'list', 'x'] });
  });

  describe('role grant-permission / revoke-permission', () => {
    const show = ['role', 'get', 'r2'];
    const clean = (key: string, ...rest: string[]): string[][] => [['role', 'revoke-permission', 'r2', key, ...rest]];
    o.case('grant read on a key', { args: ['role', 'grant-permission', 'r2', 'read', 'k1'], undo: clean('k1') });
    o.case('grant ReadWrite (any case) with --prefix', {
      args: ['role', 'grant-permission', 'r2', 'ReadWrite', 'k/', '--prefix'],
      undo: clean('k/', '--prefix'),
    });
    o.case('grant write on a range', {
      args: ['role', 'grant-permission', 'r2', 'WRITE', 'k1', 'k5'],
      undo: clean('k1', 'k5'),
    });
    o.case('grant --from-key', {
      args: ['role', 'grant-permission', 'r2', 'read', 'k1', '--from-key'],
      undo: clean('k1', '--from-key'),
    });
    o.case('grant the whole key space (empty key, --prefix)', {
      args: ['role', 'grant-permission', 'r2', 'read', '', '--prefix'],
      undo: clean('', '--prefix'),
    });
    o.case('grant -w json', {
      args: ['role', 'grant-permission', 'r2', 'read', 'k1', '-w', 'json'],
      undo: clean('k1'),
    });
    o.case('grant: invalid permission type', { args: ['role', 'grant-permission', 'r2', 'rw', 'k1'] });
    o.case('grant: endkey with --prefix', { args: ['role', 'grant-permission', 'r2', 'read', 'k1', 'k2', '--prefix'] });
    o.case('grant: endkey with --from-key', {
      args: ['role', 'grant-permission', 'r2', 'read', 'k1', 'k2', '--from-key'],
    });
    o.case('grant: --prefix and --from-key', {
      args: ['role', 'grant-permission', 'r2', 'read', 'k1', '--prefix', '--from-key'],
    });
    o.case('grant: --prefix and --from-key on the empty key', {
      args: ['role', 'grant-permission', 'r2', 'read', '', '--prefix', '--from-key'],
    });
    o.case('grant: too few arguments', { args: ['role', 'grant-permission', 'r2', 'read'] });
    o.case('grant: unknown role', { args: ['role', 'grant-permission', 'nope', 'read', 'k1'] });
    o.case('role get shows granted permissions', {
      args: show,
      setup: [
        ['role', 'grant-permission', 'r2', 'read', 'k1'],
        ['role', 'grant-permission', 'r2', 'readwrite', 'k/', '--prefix'],
        ['role', 'grant-permission', 'r2', 'write', 'k7', '--from-key'],
        ['role', 'grant-permission', 'r2', 'read', '', '--prefix'],
        ['role', 'grant-permission', 'r2', 'write', 'm', 'n'],
      ],
      undo: [
        ...clean('k1'),
        ...clean('k/', '--prefix'),
        ...clean('k7', '--from-key'),
        ...clean('', '--prefix'),
        ...clean('m', 'n'),
      ],
    });
    const grant = (...a: string[]): string[][] => [['role', 'grant-permission', 'r2', 'read', ...a]];
    o.case('revoke a key', { args: ['role', 'revoke-permission', 'r2', 'k1'], setup: grant('k1'), undo: clean('k1') });
    o.case('revoke a prefix', {
      args: ['role', 'revoke-permission', 'r2', 'k/', '--prefix'],
      setup: grant('k/', '--prefix'),
      undo: clean('k/', '--prefix'),
    });
    o.case('revoke a range', {
      args: ['role', 'revoke-permission', 'r2', 'k1', 'k5'],
      setup: grant('k1', 'k5'),
      undo: clean('k1', 'k5'),
    });
    o.case('revoke --from-key', {
      args: ['role', 'revoke-permission', 'r2', 'k1', '--from-key'],
      setup: grant('k1', '--from-key'),
      undo: clean('k1', '--from-key'),
    });
    o.case('revoke the empty key --prefix', {
      args: ['role', 'revoke-permission', 'r2', '', '--prefix'],
      setup: grant('', '--prefix'),
      undo: clean('', '--prefix'),
    });
    o.case('revoke -w fields', {
      args: ['role', 'revoke-permission', 'r2', 'k1', '-w', 'fields'],
      setup: grant('k1'),
      undo: clean('k1'),
    });
    o.case('revoke a permission that is not granted', { args: ['role', 'revoke-permission', 'r2', 'zz'] });
    o.case('revoke: endkey with --prefix', { args: ['role', 'revoke-permission', 'r2', 'k1', 'k2', '--prefix'] });
    o.case('revoke: too few arguments', { args: ['role', 'revoke-permission', 'r2'] });
  });

  describe('auth', () => {
    o.case('enable without a root user', { args: ['auth', 'enable'] });
    o.case('enable with an argument', { args: ['auth', 'enable', 'x'] });
    o.case('disable with an argument', { args: ['auth', 'disable', 'x'] });
    o.case('status with an argument', { args: ['auth', 'status', 'x'] });
    o.case('status (disabled)', { args: ['auth', 'status'] });
    o.case('status -w json', { args: ['auth', 'status', '-w', 'json'] });
    o.case('status -w protobuf', { args: ['auth', 'status', '-w', 'protobuf'] });
    o.case('status -w fields is not supported', { args: ['auth', 'status', '-w', 'fields'] });
    o.case('disable when not enabled', { args: ['auth', 'disable'] });
    // The root user without the root role: enable creates the role and grants it (docs/etcdctl-behaviour.md §10.5).
    o.case('enable (root role repaired), then disable', {
      args: ['auth', 'enable'],
      setup: [['user', 'add', 'root:rootpw']],
      undo: [
        ['--user', 'root:rootpw', 'auth', 'disable'],
        ['user', 'delete', 'root'],
        ['role', 'delete', 'root'],
      ],
    });
  });

  describe('with authentication enabled', () => {
    before(async () => {
      await o.admin(['user', 'add', 'root:rootpw']);
      await o.admin(['auth', 'enable']);
      o.authOn = true;
    });
    after(async () => {
      await o.admin(['auth', 'disable']);
      o.authOn = false;
      await o.admin(['user', 'delete', 'root']);
      await o.admin(['role', 'delete', 'root']);
    });
    o.case('no user: user name is empty', { args: ['get', 'foo'] });
    o.case('wrong password: exit 2', { args: ['--user', 'root:wrong', 'user', 'list'] });
    o.case('unknown user: exit 2', { args: ['--user', 'nobody:x', 'user', 'list'] });
    o.case('--user with --password', { args: ['--user', 'root', '--password', 'rootpw', 'user', 'list'] });
    o.case('--password with a colon in --user names another user', {
      args: ['--user', 'root:x', '--password', 'rootpw', 'user', 'list'],
    });
    o.case('--user prompts for the password', { args: ['--user', 'root', 'user', 'list'], input: 'rootpw\n' });
    o.case('--user prompt with an empty answer', { args: ['--user', 'root', 'user', 'list'], input: '\n' });
    o.case('--user prompt after put read its value from stdin', {
      args: ['--user', 'root', 'put', 'k1'],
      input: 'value',
    });
    o.case('--user prompt takes the first line, txn reads the rest of stdin', {
      args: ['--user', 'root', 'txn'],
      input: 'rootpw\nvalue("/a") = "x"\n\nput /t 1\n\nget /a\n\n',
      undo: [['del', '/t']],
    });
    o.case('--user prompt, then txn: a request line where a comparison goes', {
      args: ['--user', 'root', 'txn'],
      input: 'rootpw\nput /t 1\n\n\n',
    });
    o.case('--user prompt on an unreadable stdin: exit 1, newline after the prompt', {
      args: ['--user', 'root', 'get', '/a'],
      stdinPath: '/',
    });
    o.case('user add prompt on an unreadable stdin: exit 128', {
      args: [...ROOT, 'user', 'add', 'dora'],
      stdinPath: '/',
    });
    o.case('permission denied for a non-root user', { args: ['--user', 'alice:apw', 'user', 'list'] });
    o.case('alice reads /a', { args: ['--user', 'alice:apw', 'get', '/a'] });
    o.case('alice cannot write /a', { args: ['--user', 'alice:apw', 'put', '/a', 'v'] });
    o.case('alice writes under /p/', { args: ['--user', 'alice:apw', 'put', '/p/1', 'v'], undo: [['del', '/p/1']] });
    o.case('status (enabled)', { args: [...ROOT, 'auth', 'status'] });
    o.case('status -w json (enabled)', { args: [...ROOT, 'auth', 'status', '-w', 'json'] });
    o.case('user list as root', { args: [...ROOT, 'user', 'list'] });
    o.case('user get --detail as root', { args: [...ROOT, 'user', 'get', 'alice', '--detail'] });
    o.case('revoking root from root is refused', { args: [...ROOT, 'user', 'revoke-role', 'root', 'root'] });
    o.case('enable again', { args: [...ROOT, 'auth', 'enable'] });
    o.case('disable as alice: permission denied', { args: ['--user', 'alice:apw', 'auth', 'disable'] });
    o.case('role get root (3.6 shows the implicit full range)', {
      args: [...ROOT, 'role', 'get', 'root'],
      // docs/etcdctl-behaviour.md §11.4 #12: 3.4/3.5 print no permission lines for the root role.
      expect36: (r) => {
        assert.equal(r.stdout.toString(), 'Role root\nKV Read:\nKV Write:\n');
        return { ...r, stdout: text('Role root\nKV Read:\n\t[, <open ended>\nKV Write:\n\t[, <open ended>\n') };
      },
    });
    o.case('disable, then enable again', {
      args: [...ROOT, 'auth', 'disable'],
      undo: [['--user', 'root:rootpw', 'auth', 'enable']],
    });
  });
});

describe('against etcd 3.4 (oracle etcdctl 3.4.23)', () => {
  const o = new Oracle('3.4');
  before(async () => {
    o.cluster = await startCluster({ flavor: '3.4' });
    await o.admin(['role', 'add', 'r1']);
    await o.admin(['role', 'grant-permission', 'r1', 'readwrite', '/p/', '--prefix']);
    await o.admin(['user', 'add', 'alice:apw']);
    await o.admin(['user', 'grant-role', 'alice', 'r1']);
  });
  after(async () => {
    await o.cluster?.stop();
  });
  o.case('user add prompts twice', {
    args: ['user', 'add', 'zed'],
    input: 'z\nz\n',
    undo: [['user', 'delete', 'zed']],
  });
  o.case('user get --detail', { args: ['user', 'get', 'alice', '--detail'] });
  o.case('role get -w fields', { args: ['role', 'get', 'r1', '-w', 'fields'] });
  o.case('role list -w json', { args: ['role', 'list', '-w', 'json'] });
  // 3.4 has no `auth status` (it prints the auth help); 3.6 sends AuthStatus, which a 3.4 server
  // does not know (docs/etcdctl-behaviour.md §10.5): compare with etcdctl 3.5.30 against this 3.4 server.
  test('auth status against a 3.4 server', async () => {
    const args = ['--endpoints', o.ep, 'auth', 'status'];
    const r = outcomeOf(await real('3.5', args));
    const ours_ = outcomeOf(await ours(args));
    assert.equal(
      ours_.stderr,
      'Error: rpc error: code = Unimplemented desc = unknown method AuthStatus for service etcdserverpb.Auth\n',
    );
    assert.equal(ours_.stderr, r.stderr);
    assert.equal(ours_.stdout.length, 0);
    assert.equal(ours_.code, 1);
    assert.equal(r.code, 1);
  });
});
