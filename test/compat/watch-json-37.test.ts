// watch -w json in the 3.7 line (docs/etcdctl-3.7-behaviour.md §4.3, C8): every response object gets a sixth key
// `"CancelReason":""`, and a response without events prints `"Events":null` (3.6: `[]`).
// Both CLIs watch the same server (harness: test/support/watch-diff.ts); the 3.7 expectation
// is the real 3.5.30 etcdctl's output with exactly those two edits. Simple, fields and
// protobuf output, stderr and exit statuses are those of the real etcdctl in both lines.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sleep } from '../support/watch-proc';
import { has, hasErr, lines, useWatchCluster, type Outcome } from '../support/watch-diff';

const { put, del, diff, runStream } = useWatchCluster();
const V37 = { ETCDCTLTS_COMPAT: '3.7' };

/** The 3.7 JSON of a response line printed by 3.5/3.6. */
function json37(line: string): string {
  if (!line.startsWith('{"Header":')) return line;
  assert.ok(line.endsWith('}'), line);
  return `${line.slice(0, -1).replace(/,"Events":\[\],/, ',"Events":null,')},"CancelReason":""}`;
}

const to37 = (o: Outcome): Outcome => ({
  ...o,
  stdout: Buffer.from(o.stdout.toString('latin1').split('\n').map(json37).join('\n'), 'latin1'),
});

describe('watch -w json, 3.7 line', () => {
  test('events: CancelReason appended', async () => {
    const o = await diff({
      args: ['watch', 'j1/', '--prefix', '--prev-kv', '-w', 'json'],
      env: V37,
      actions: async () => {
        await put('j1/a', 'v1');
        await put('j1/a', 'v2');
        await del('j1/a');
      },
      done: lines(3),
      expect36: to37,
    });
    const out = o.stdout.toString().split('\n');
    assert.equal(out.length, 4);
    for (const l of out.slice(0, 3))
      assert.match(l, /^\{"Header":\{.*"Events":\[\{.*,"Created":false,"CancelReason":""\}$/);
  });

  test('compaction cancellation: "Events":null, canceled note, exit 5', async () => {
    const o = await diff({
      args: ['watch', 'z/k', '--rev', '2', '-w', 'json'],
      env: V37,
      watchers: 0,
      done: hasErr('Error:'),
      selfExit: true,
      expect36: to37,
    });
    assert.match(
      o.stdout.toString(),
      /^\{"Header":\{[^\n]*\},"Events":null,"CompactRevision":\d+,"Canceled":true,"Created":false,"CancelReason":""\}\n$/,
    );
    assert.equal(o.code, 5);
  });

  test('progress notification: "Events":null', async () => {
    const collapse = (o: Outcome): Outcome => ({
      ...o,
      stdout: Buffer.from(o.stdout.toString().replace(/(progress notify: \d+\n\{[^\n]*\n)\1+/g, '$1')),
    });
    const o = await diff({
      args: ['watch', 'j2/k', '--progress-notify', '-w', 'json'],
      env: V37,
      actions: async () => {
        await sleep(700);
        await put('j2/k', 'v');
      },
      done: (out) => /"Events":\[\{(.|\n)*progress notify: \d+\n\{[^\n]*\n/.test(out),
      expect36: (r) => to37(collapse(r)),
      normalize: collapse,
    });
    assert.match(
      o.stdout.toString(),
      /^progress notify: \d+\n\{"Header":\{[^\n]*\},"Events":null,"CompactRevision":0,"Canceled":false,"Created":false,"CancelReason":""\}\n/,
    );
  });

  test('simple and fields output: as the real etcdctl', async () => {
    for (const format of ['simple', 'fields']) {
      await diff({
        args: ['watch', `j3${format}/k`, '-w', format],
        env: V37,
        actions: () => put(`j3${format}/k`, 'v').then(() => undefined),
        done: has(format === 'simple' ? 'v\n' : '"Lease" : 0\n'),
        // 3.6 and 3.7 drop fields' zero Revision line (docs/etcdctl-behaviour.md §11.4 #7): never zero here.
      });
    }
  });

  test('3.6 line: the 3.5 JSON unchanged', async () => {
    const res = await runStream({
      args: ['watch', 'z/k', '--rev', '2', '-w', 'json'],
      watchers: 0,
      done: hasErr('Error:'),
      selfExit: true,
    });
    assert.equal(res.ours.stdout.toString(), res.real.stdout.toString());
    assert.match(res.ours.stdout.toString(), /"Events":\[\],.*"Created":false\}\n$/);
  });
});
