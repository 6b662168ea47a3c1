// A throwaway single-member etcd on free loopback ports in a temp dir, and a
// fast loader through its JSON gateway (big txns, so 100k keys take seconds).
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const b64 = (s) => Buffer.from(s).toString('base64');

export async function startEtcd() {
  const [client, peer] = [await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), 'etcdctl-bench-'));
  const log = openSync(join(dir, 'etcd.log'), 'w');
  const proc = spawn(
    'etcd',
    [
      '--name',
      'bench',
      '--data-dir',
      join(dir, 'data'),
      '--listen-client-urls',
      `http://127.0.0.1:${client}`,
      '--advertise-client-urls',
      `http://127.0.0.1:${client}`,
      '--listen-peer-urls',
      `http://127.0.0.1:${peer}`,
      '--initial-advertise-peer-urls',
      `http://127.0.0.1:${peer}`,
      '--initial-cluster',
      `bench=http://127.0.0.1:${peer}`,
      '--max-txn-ops',
      '10000',
      '--max-request-bytes',
      '10485760',
    ],
    { stdio: ['ignore', log, log] },
  );
  let exited = false;
  proc.once('exit', () => {
    exited = true;
  });
  const base = `http://127.0.0.1:${client}`;
  const stop = async () => {
    if (!exited) {
      process.kill(proc.pid, 'SIGTERM');
      await new Promise((r) => (exited ? r() : proc.once('exit', r)));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; ; i++) {
      if (exited) throw new Error(`etcd exited; see its log in ${dir}`);
      try {
        if ((await fetch(`${base}/health`)).ok) break;
      } catch {
        // not listening yet: retry below
      }
      if (i > 100) throw new Error('etcd did not become healthy');
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (e) {
    await stop();
    throw e;
  }
  const post = async (path, body) => {
    const r = await fetch(`${base}${path}`, { method: 'POST', body: JSON.stringify(body) });
    const text = await r.text();
    if (!r.ok) throw new Error(`${path}: ${r.status} ${text.slice(0, 200)}`);
    return JSON.parse(text);
  };
  return {
    endpoint: `127.0.0.1:${client}`,
    dir,
    stop,
    /** Puts many keys, `perTxn` per revision. */
    async load(pairs, perTxn = 5000) {
      for (let i = 0; i < pairs.length; i += perTxn) {
        const success = pairs.slice(i, i + perTxn).map(([k, v]) => ({ request_put: { key: b64(k), value: b64(v) } }));
        await post('/v3/kv/txn', { success });
      }
    },
    /** One put per revision, `concurrency` in flight: the full-speed writer. */
    async putEach(pairs, concurrency = 32) {
      let next = 0;
      const worker = async () => {
        while (next < pairs.length) {
          const [k, v] = pairs[next++];
          await post('/v3/kv/put', { key: b64(k), value: b64(v) });
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    },
    async revision() {
      const r = await post('/v3/kv/range', { key: b64('\0') });
      return Number(r.header.revision);
    },
  };
}
