// get -w jsonl (extension) writes a large range page by page, against a real etcd: while the
// reader holds the first page back, a compaction past the read revision makes the later pages
// fail (exit 1 after whole pages of lines), which could not happen if get read every page before
// writing. Without the compaction every key comes out, in order.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { useCluster } from '../support/use-cluster';
import { cleanEnv, ours, oursBin, type RunResult } from '../support/run';
import { gatewayPut } from '../support/gateway';
import { jsonLines as lines } from '../support/jsonl';

const rig = useCluster();

const run = (args: string[]): Promise<RunResult> => ours(args, { env: rig.env, timeoutMs: 120_000 });

describe('get -w jsonl streams a large range page by page', () => {
  const N = 45_000; // three pages of 20,000 keys
  const key = (i: number) => `big/${String(i).padStart(5, '0')}`;
  before(async () => {
    await gatewayPut(
      rig.cluster.endpoints[0],
      Array.from({ length: N }, (_, i) => ({ key: key(i), value: `value ${i}` })),
    );
  });

  test('all lines, in key order', { timeout: 120_000 }, async () => {
    const got = lines(await run(['get', 'big/', '--prefix', '-w', 'jsonl']));
    assert.equal(got.length, N);
    assert.equal(got[0].key, key(0));
    assert.equal(got[N - 1].key, key(N - 1));
    assert.equal(got[12345].value, 'value 12345');
  });

  test(
    'the first page is written before the last is read: a compaction meanwhile fails the rest',
    { timeout: 120_000 },
    async () => {
      const child = spawn(oursBin(), ['get', 'big/', '--prefix', '-w', 'jsonl'], {
        env: cleanEnv(rig.env),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stderr.on('data', (b: Buffer) => err.push(b));
      const firstOutput = new Promise<void>((resolve) => {
        child.stdout.once('data', () => {
          // Hold the rest back: the process cannot finish writing page one, so it cannot
          // have asked for page three (which it asks for once page one is written).
          child.stdout.pause();
          resolve();
        });
      });
      child.stdout.on('data', (b: Buffer) => out.push(b));
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      let code: number | null;
      try {
        await firstOutput;
        assert.equal((await run(['put', 'after-first-page', 'x'])).code, 0);
        const rev = lines(await run(['get', 'after-first-page', '-w', 'jsonl']))[0].mod_revision as number;
        assert.equal((await run(['compaction', String(rev)])).code, 0);
        child.stdout.resume();
        code = await exited;
      } finally {
        child.kill('SIGKILL'); // (a no-op once it ended)
      }
      const stdout = Buffer.concat(out).toString('utf8');
      assert.equal(code, 1);
      assert.equal(Buffer.concat(err).toString(), 'Error: etcdserver: mvcc: required revision has been compacted\n');
      // Whole pages only: every line complete and parsed, at least page one, never page three.
      const got = lines({ code: 0, out: stdout, err: '' });
      assert.ok(got.length >= 20_000 && got.length <= 40_000, `${got.length} lines`);
      assert.equal(got.length % 20_000, 0);
      got.forEach((o, i) => assert.equal(o.key, key(i)));
    },
  );
});
