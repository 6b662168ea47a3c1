// batch (extension) against a real etcd: each line prints what a separate run prints,
// global flags of the batch line reach every line, the first failure stops the batch
// (named by line, its exit status kept), --keep-going, --check, and malformed or refused
// lines (exit 12) leave the keyspace exactly as the lines before them left it.
import { describe, test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type Cluster } from '../support/etcd';
import { ours, real, type RunResult } from '../support/run';

let cluster: Cluster;
let ep: string;

before(async () => {
  cluster = await startCluster({ size: 1 });
  ep = cluster.endpoints.join(',');
});

after(async () => {
  await cluster?.stop();
});

const env = (): Record<string, string> => ({ ETCDCTL_ENDPOINTS: ep });
/** `etcdctl <globals> batch` with the script on stdin. */
const batch = (script: string, globals: string[] = []): Promise<RunResult> =>
  ours([...globals, 'batch'], { env: env(), input: script });
const one = (args: string[]): Promise<RunResult> => ours(args, { env: env() });

/** The whole keyspace, values and revisions included. */
async function keyspace(): Promise<string> {
  return (await one(['get', '', '--from-key', '-w', 'json'])).out.replace(/"header":\{[^}]*\}/, '');
}

beforeEach(async () => {
  await one(['del', '', '--from-key']);
});

describe('batch output', () => {
  test('each line byte-identical to a separate run of ours, and for simple lines of etcdctl', async () => {
    const lines = [
      ['put', 'b/1', 'one'],
      ['put', 'b/2', 'two words'],
      ['get', 'b/', '--prefix'],
      ['get', 'b/1', '--print-value-only'],
      ['del', 'b/2', '--prev-kv'],
      ['get', 'b/', '--prefix', '--keys-only'],
    ];
    const script = lines.map((l) => l.map((w) => (w.includes(' ') ? `'${w}'` : w)).join(' ')).join('\n') + '\n';
    const b = await batch(script);
    assert.equal(b.code, 0, b.err);
    await one(['del', '', '--from-key']);
    let out = '';
    let outReal = '';
    for (const l of lines) {
      const r = await one(l);
      assert.equal(r.code, 0);
      out += r.out;
    }
    await one(['del', '', '--from-key']);
    for (const l of lines) outReal += (await real('3.4', ['--endpoints', ep, ...l])).out;
    assert.equal(b.out, out);
    assert.equal(b.out, outReal);
    assert.equal(b.err, '');
  });

  test('global flags on the batch line apply to every line (-w json, --hex)', async () => {
    const b = await batch('put g/1 a\nget g/1\n', ['-w', 'json']);
    assert.equal(b.code, 0, b.err);
    const outs = b.out.trim().split('\n');
    assert.equal(outs.length, 2);
    for (const o of outs) assert.ok(JSON.parse(o).header, o);
    const h = await batch('get g/1\n', ['--hex']);
    assert.equal(h.out, (await one(['--hex', 'get', 'g/1'])).out);
    // a line's own flag wins over the batch line's
    const w = await batch('get g/1 -w simple\n', ['-w', 'json']);
    assert.equal(w.out, 'g/1\na\n');
  });

  test('comments, continuation and quoting', async () => {
    const b = await batch(
      '# a comment\nput q/1 \\\n  \'it\'\'s\'\nput q/2 "a \\"b\\""\n\nget q/ --prefix --print-value-only\n',
    );
    assert.equal(b.code, 0, b.err);
    assert.equal(b.out, 'OK\nOK\nits\na "b"\n');
  });
});

describe('failures', () => {
  test('stops at the first failing line with its exit status, naming the line', async () => {
    const b = await batch('put f/1 a\nput\nput f/2 b\n');
    assert.equal(b.code, 128);
    assert.equal(b.out, 'OK\n');
    assert.equal(
      b.err,
      'Error: put command needs 1 argument and input from stdin or 2 arguments\nbatch: line 2 (put) failed with exit status 128\n',
    );
    assert.equal((await one(['get', 'f/', '--prefix', '--keys-only'])).out, 'f/1\n\n');
  });

  test('--keep-going runs every line and exits with the first failure', async () => {
    const b = await batch('put f/1 a\nget --consistency=x f/1\nput\nput f/2 b\n');
    assert.equal(b.code, 4);
    assert.equal((await one(['get', 'f/2'])).out, '');
    const k = await ours(['batch', '--keep-going'], {
      env: env(),
      input: 'put f/3 a\nget --consistency=x f/3\nput\nput f/4 b\n',
    });
    assert.equal(k.code, 4);
    assert.match(k.err, /batch: line 2 \(get\) failed with exit status 4\n/);
    assert.match(k.err, /batch: line 3 \(put\) failed with exit status 128\n/);
    assert.equal((await one(['get', 'f/3', 'f/5', '--keys-only'])).out, 'f/3\n\nf/4\n\n');
  });

  test('--check runs nothing and reports the first bad line', async () => {
    const ok = await ours(['batch', '--check'], { env: env(), input: 'put c/1 a\nget c/1\n' });
    assert.equal(ok.code, 0, ok.err);
    assert.equal(ok.out, '');
    const bad = await ours(['batch', '--check'], { env: env(), input: 'put c/1 a\nget --no-such c/1\n' });
    assert.equal(bad.code, 12);
    assert.match(bad.err, /^Error: batch line 2: unknown flag: --no-such\n/);
    assert.equal((await one(['get', 'c/1'])).out, '');
  });
});

describe('malformed and refused lines: exit 12, keyspace as the lines before left it', () => {
  const cases: [string, string][] = [
    ["put m/2 'unterminated\n", 'batch line 3: '],
    ['frobnicate m/2\n', 'batch line 3: unknown command "frobnicate"'],
    ['watch m/\n', 'batch line 3: watch runs until interrupted; it cannot be batched'],
    ['lock m/l\n', 'batch line 3: lock runs until interrupted; it cannot be batched'],
    ['elect m/e p\n', 'batch line 3: elect runs until interrupted; it cannot be batched'],
    [
      'lease keep-alive 1234\n',
      'batch line 3: lease keep-alive runs until interrupted (add --once); it cannot be batched',
    ],
    ['txn -i\n', 'batch line 3: txn --interactive prompts on stdout for lines from stdin; it cannot be batched'],
    [
      'snapshot save /tmp/never.db\n',
      'batch line 3: snapshot save streams a whole backend to a file: run it on its own; it cannot be batched',
    ],
    ['make-mirror 127.0.0.1:1\n', 'batch line 3: make-mirror runs until interrupted; it cannot be batched'],
    // the script is on stdin here: a line that reads stdin would find it used up
    [
      'txn\n',
      'batch line 3: txn reads stdin, which holds the script (give the script as a FILE); it cannot be batched',
    ],
    [
      'put m/2\n',
      'batch line 3: put without a value reads stdin, which holds the script (give the script as a FILE); it cannot be batched',
    ],
  ];
  for (const [bad, message] of cases) {
    test(bad.trim(), async () => {
      await one(['put', 'm/1', 'x']);
      const expected = await keyspace();
      await one(['del', '', '--from-key']);
      const b = await batch(`put m/1 x\n# nothing\n${bad}put m/3 never\n`);
      assert.equal(b.code, 12, b.err);
      assert.equal(b.out, 'OK\n');
      assert.ok(b.err.includes(`Error: ${message}`), b.err);
      assert.equal(
        (await keyspace()).replace(/"(mod|create)_revision":\d+/g, ''),
        expected.replace(/"(mod|create)_revision":\d+/g, ''),
      );
    });
  }
});
