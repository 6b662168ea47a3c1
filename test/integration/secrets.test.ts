// Secrets stay secret (design: "Passwords never appear in logs, in --debug output, or in error
// messages"): every run below uses --debug where it can, and neither stdout nor stderr may
// contain a password, nor anything shaped like an auth token (etcd simple tokens are 16
// letters, a dot and a number; JWTs start with eyJ). etcdctl itself prints ETCDCTL_PASSWORD and
// the password part of ETCDCTL_USER in its --debug listing: a deliberate difference.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { startCluster, type Cluster } from '../support/etcd';
import { cleanEnv, ours, oursBin, real, type RunOptions, type RunResult } from '../support/run';

const ROOT_PW = 'R00t-Secret-pw1';
const ALICE_PW = 'Al1ce-Secret-pw2';
const NEW_PWS = ['Car0l-Secret-pw3', 'D4ve-Secret-pw4', 'Er1n-Secret-pw5', 'Fr4nk-Secret-pw6', 'Ch4nged-Secret-pw7'];
const WRONG_PW = 'Wr0ng-Secret-pw8';
const SECRETS = [ROOT_PW, ALICE_PW, WRONG_PW, ...NEW_PWS];
const TOKEN_SHAPES = [/\b[A-Za-z]{16}\.\d+\b/, /eyJ[A-Za-z0-9_-]{10,}/];

let cluster: Cluster;
let ep: string;

before(async () => {
  cluster = await startCluster();
  ep = cluster.endpoints[0];
  for (const a of [
    ['user', 'add', `root:${ROOT_PW}`],
    ['user', 'add', `alice:${ALICE_PW}`],
    ['auth', 'enable'],
  ]) {
    const r = await real('3.4', ['--endpoints', ep, ...a]);
    assert.equal(r.code, 0, r.err);
  }
});

after(async () => {
  await cluster?.stop();
});

/** Runs ours and checks that no secret and no token shows in its output. */
async function run(args: string[], opts: RunOptions = {}, endpoints = true): Promise<RunResult> {
  const r = await ours([...(endpoints ? ['--endpoints', ep] : []), ...args], opts);
  for (const [name, text] of [
    ['stdout', r.out],
    ['stderr', r.err],
  ] as const) {
    for (const s of SECRETS) assert.ok(!text.includes(s), `${name} of ${args.join(' ')} shows a password:\n${text}`);
    for (const re of TOKEN_SHAPES) assert.doesNotMatch(text, re, `${name} of ${args.join(' ')} shows a token`);
  }
  return r;
}

const rootFlag = ['--user', `root:${ROOT_PW}`];

describe('no password or token in the output', () => {
  test('--user name:password with --debug', async () => {
    const r = await run(['--debug', ...rootFlag, 'get', 'foo']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /^ETCDCTL_USER=root:<redacted>$/m);
    assert.match(r.err, /^ETCDCTL_PASSWORD=$/m);
  });

  test('--password on the command line with --debug', async () => {
    const r = await run(['--debug', '--user', 'root', '--password', ROOT_PW, 'user', 'list']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'alice\nroot\n');
    assert.match(r.err, /^ETCDCTL_PASSWORD=<redacted>$/m);
    assert.match(r.err, /^ETCDCTL_USER=root$/m);
  });

  test('ETCDCTL_USER and ETCDCTL_PASSWORD from the environment with --debug', async () => {
    const a = await run(['--debug', 'user', 'list'], { env: { ETCDCTL_USER: `root:${ROOT_PW}` } });
    assert.equal(a.code, 0, a.err);
    const b = await run(['--debug', 'user', 'list'], { env: { ETCDCTL_USER: 'root', ETCDCTL_PASSWORD: ROOT_PW } });
    assert.equal(b.code, 0, b.err);
    assert.match(b.err, /^ETCDCTL_PASSWORD=<redacted>$/m);
  });

  test('wrong password: the error does not repeat it', async () => {
    const r = await run(['--debug', '--user', `root:${WRONG_PW}`, 'get', 'foo']);
    assert.equal(r.code, 2);
    assert.match(r.err, /Error: etcdserver: authentication failed, invalid user ID or password\n$/);
  });

  test('permission denied', async () => {
    const r = await run(['--debug', '--user', `alice:${ALICE_PW}`, 'put', 'foo', 'bar']);
    assert.equal(r.code, 1);
    assert.match(r.err, /Error: etcdserver: permission denied\n$/);
  });

  test('unreachable server while authenticating', async () => {
    const r = await run(
      ['--endpoints', '127.0.0.1:1', '--dial-timeout=500ms', '--debug', ...rootFlag, 'get', 'foo'],
      {},
      false,
    );
    assert.equal(r.code, 2);
    assert.match(r.err, /Error: context deadline exceeded\n$/);
  });

  test('user add name:password, --new-user-password, prompts and stdin', async () => {
    const [carol, dave, erin, frank] = NEW_PWS;
    let r = await run(['--debug', ...rootFlag, 'user', 'add', `carol:${carol}`]);
    assert.equal(r.out, 'User carol created\n');
    r = await run(['--debug', ...rootFlag, 'user', 'add', 'dave', `--new-user-password=${dave}`]);
    assert.equal(r.out, 'User dave created\n');
    r = await run(['--debug', ...rootFlag, 'user', 'add', 'erin'], { input: `${erin}\n${erin}\n` });
    assert.equal(r.out, 'Password of erin: \nType password of erin again for confirmation: \nUser erin created\n');
    r = await run(['--debug', ...rootFlag, 'user', 'add', 'frank', '--interactive=false'], { input: frank });
    assert.equal(r.out, 'User frank created\n');
    // The passwords work (so they were really sent).
    for (const [u, pw] of [
      ['carol', carol],
      ['dave', dave],
      ['erin', erin],
      ['frank', frank],
    ]) {
      r = await run(['--user', `${u}:${pw}`, 'user', 'get', u]);
      assert.equal(r.code, 0, r.err);
    }
  });

  test('user passwd', async () => {
    const changed = NEW_PWS[4];
    const r = await run(['--debug', ...rootFlag, 'user', 'passwd', 'alice'], { input: `${changed}\n${changed}\n` });
    assert.equal(r.out, 'Password of alice: \nType password of alice again for confirmation: \nPassword updated\n');
    const check = await run(['--user', `alice:${changed}`, 'user', 'get', 'alice']);
    assert.equal(check.code, 0, check.err);
    const back = await run([...rootFlag, 'user', 'passwd', 'alice', '--interactive=false'], { input: ALICE_PW });
    assert.equal(back.out, 'Password updated\n');
  });

  test('the --user prompt does not echo', async () => {
    const r = await run(['--debug', '--user', 'root', 'user', 'list'], { input: `${ROOT_PW}\n` });
    assert.equal(r.out, 'Password: \nalice\ncarol\ndave\nerin\nfrank\nroot\n');
  });

  test('role and auth commands as root with --debug', async () => {
    for (const args of [
      ['role', 'add', 'sr'],
      ['role', 'grant-permission', 'sr', 'read', 'k'],
      ['role', 'get', 'sr', '-w', 'json'],
      ['user', 'get', 'alice', '--detail'],
      ['auth', 'disable'],
      ['auth', 'enable'],
    ]) {
      const r = await run(['--debug', ...rootFlag, ...args]);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
    }
  });
});

const TTY_PW = 'Tty-Secret-pw9';
const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Runs ours in a pseudo-terminal (util-linux `script`), answering each prompt when it shows;
 * resolves with what the terminal displayed (CR removed) and the exit status.
 */
function inTerminal(
  args: string[],
  answers: Array<[prompt: string, typed: string]>,
): Promise<{ screen: string; code: number | null }> {
  const cmd = [oursBin(), '--endpoints', ep, ...args].map(q).join(' ');
  const child = spawn('script', ['-qefc', cmd, '/dev/null'], { env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  let next = 0;
  let seen = 0;
  const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
  child.stdout.on('data', (b: Buffer) => {
    screen += b.toString();
    // Type each answer once its prompt is on the screen (echo is already off then).
    while (next < answers.length && screen.indexOf(answers[next][0], seen) >= 0) {
      seen = screen.indexOf(answers[next][0], seen) + answers[next][0].length;
      child.stdin.write(answers[next][1]);
      next++;
    }
  });
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(kill);
      resolve({ screen: screen.replace(/\r/g, ''), code });
    }),
  );
}

describe('password prompts on a terminal', () => {
  let haveScript = true;
  before(() => {
    try {
      execFileSync('script', ['--version'], { stdio: 'ignore' });
    } catch {
      haveScript = false;
    }
  });

  test('user add: two prompts, nothing echoed', async (t) => {
    if (!haveScript) return t.skip('util-linux script not available');
    const r = await inTerminal(
      [...rootFlag, 'user', 'add', 'tty'],
      [
        ['Password of tty: ', `${TTY_PW}\r`],
        ['again for confirmation: ', `${TTY_PW}\r`],
      ],
    );
    assert.equal(r.screen, 'Password of tty: \nType password of tty again for confirmation: \nUser tty created\n');
    assert.equal(r.code, 0);
    const check = await run(['--user', `tty:${TTY_PW}`, 'user', 'get', 'tty']);
    assert.equal(check.code, 0, check.err);
  });

  test('--user prompt: nothing echoed; backspace edits the answer', async (t) => {
    if (!haveScript) return t.skip('util-linux script not available');
    const r = await inTerminal(['--user', 'root', 'role', 'list'], [['Password: ', `${ROOT_PW}x\x7f\r`]]);
    assert.equal(r.screen, 'Password: \nroot\nsr\n');
    assert.equal(r.code, 0);
  });

  test('Ctrl-C at the prompt ends the command like etcdctl (status 255, nothing else printed)', async (t) => {
    if (!haveScript) return t.skip('util-linux script not available');
    const r = await inTerminal([...rootFlag, 'user', 'add', 'tty2'], [['Password of tty2: ', 'abc\x03']]);
    assert.equal(r.screen, 'Password of tty2: ');
    assert.equal(r.code, 255);
  });
});
