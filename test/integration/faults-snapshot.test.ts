// Fault scenario, snapshot (issue 14): a `snapshot save` interrupted mid-stream leaves no
// partial file, neither at the target path nor as its `.part`: the stream runs through a
// loopback proxy that slows it down (each chunk delayed), and once part of it has arrived
// the proxy cuts the connection, or the member is killed (kill -9), or the command gets SIGINT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { real } from '../support/run';
import { startOurs } from '../support/watch-proc';
import { useFaultCluster, waitFor, type FaultProxy } from '../support/faults';

let dir: string;
const rig = useFaultCluster({
  async setup({ cluster }) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etcdctl-ts-faults-snap-'));
    // about 2 MB of data, so that the slowed stream takes many chunks
    const value = 'x'.repeat(100_000);
    for (let i = 0; i < 20; i++) {
      const r = await real('3.4', ['--endpoints', cluster.endpoints.join(','), 'put', `s/${i}`, value]);
      assert.equal(r.code, 0, r.err);
    }
  },
  teardown() {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  },
});

/** Starts `snapshot save` of member i through a slow proxy; resolves once part of the stream has been written. */
async function startSlowSave(
  i: number,
  name: string,
): Promise<{ target: string; proxy: FaultProxy; save: ReturnType<typeof startOurs> }> {
  const proxy = await rig.faults.proxy(i);
  proxy.delayMs = 150;
  const target = path.join(dir, name);
  const save = startOurs(['--endpoints', proxy.endpoint, 'snapshot', 'save', target]);
  await waitFor(
    'part of the snapshot written',
    () => {
      if (save.child.exitCode !== null) throw new Error(`snapshot save ended early: ${save.err()}`);
      return proxy.bytesDown > 200_000 && fs.existsSync(`${target}.part`) && fs.statSync(`${target}.part`).size > 0;
    },
    60_000,
    50,
  );
  return { target, proxy, save };
}

function assertNoPartialFile(target: string): void {
  assert.equal(fs.existsSync(target), false, 'nothing at the target path');
  assert.equal(fs.existsSync(`${target}.part`), false, 'no .part file left');
}

test('the connection cut mid-stream: an error, no partial file', { timeout: 120_000 }, async () => {
  const { target, proxy, save } = await startSlowSave(0, 'cut.db');
  proxy.cut();
  const end = await save.exited;
  assert.notEqual(end.code, 0, save.err());
  assert.match(save.err(), /^Error: \S/m);
  assert.equal(save.out(), '');
  assertNoPartialFile(target);
});

test('the member killed (kill -9) mid-stream: an error, no partial file', { timeout: 120_000 }, async () => {
  const { target, save } = await startSlowSave(1, 'kill.db');
  await rig.faults.kill(1);
  try {
    const end = await save.exited;
    assert.notEqual(end.code, 0, save.err());
    assert.match(save.err(), /^Error: \S/m);
    assertNoPartialFile(target);
  } finally {
    await rig.faults.restart(1);
  }
});

test('SIGINT mid-stream: exit 130, no partial file', { timeout: 120_000 }, async () => {
  const { target, save } = await startSlowSave(2, 'int.db');
  const end = await save.stop('SIGINT');
  assert.ok(end.code === 130 || end.signal === 'SIGINT', `ended with ${JSON.stringify(end)}`);
  assertNoPartialFile(target);
});

test('uninterrupted through the same slow proxy: the whole snapshot', { timeout: 120_000 }, async () => {
  const proxy = await rig.faults.proxy(0);
  proxy.delayMs = 5;
  const target = path.join(dir, 'whole.db');
  const save = startOurs(['--endpoints', proxy.endpoint, 'snapshot', 'save', target]);
  const end = await save.exited;
  assert.deepEqual([end.code, save.out()], [0, `Snapshot saved at ${target}\n`], save.err());
  assert.ok(fs.statSync(target).size > 2_000_000);
  assert.equal(fs.existsSync(`${target}.part`), false);
});
