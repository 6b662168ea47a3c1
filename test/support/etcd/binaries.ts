/**
 * The etcd + etcdctl binaries of each flavor:
 *   '3.4' = Debian's /usr/bin/etcd + /usr/bin/etcdctl (apt: etcd-server etcd-client);
 *   '3.5' = Debian sid's etcd, unpacked on demand into <root>/.cache/etcd-sid by
 *           scripts/fetch-etcd-sid.sh (guarded by a mkdir lock, so parallel test files
 *           fetch it once).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findRepoRoot } from '../root';
import { pidAlive, rigState } from './registry';

export type EtcdFlavor = '3.4' | '3.5';

function sidDir(): string {
  return path.join(findRepoRoot(), '.cache', 'etcd-sid');
}

/** Path of the real etcd server binary of a flavor (may not exist yet for '3.5': see ensureFlavor). */
export function etcdBinary(flavor: EtcdFlavor): string {
  return flavor === '3.4' ? '/usr/bin/etcd' : path.join(sidDir(), 'usr', 'bin', 'etcd');
}

/** Path of the real etcdctl of a flavor (may not exist yet for '3.5': see ensureFlavor). */
export function realEtcdctl(flavor: EtcdFlavor): string {
  return flavor === '3.4' ? '/usr/bin/etcdctl' : path.join(sidDir(), 'usr', 'bin', 'etcdctl');
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Makes sure the etcd + etcdctl binaries of a flavor exist. For '3.5' this runs
 * scripts/fetch-etcd-sid.sh once, under a mkdir lock (<root>/.cache/etcd-sid.lock) shared by
 * all test processes. Throws a clear error when the binaries cannot be had.
 */
export function ensureFlavor(flavor: EtcdFlavor): Promise<void> {
  const state = rigState();
  let p = state.prepared.get(flavor);
  if (!p) {
    p = flavor === '3.4' ? ensure34() : ensure35();
    state.prepared.set(flavor, p);
    // a failure is not cached: a later call may try again
    p.catch(() => state.prepared.delete(flavor));
  }
  return p;
}

async function ensure34(): Promise<void> {
  for (const bin of [etcdBinary('3.4'), realEtcdctl('3.4')]) {
    if (!isExecutable(bin)) {
      throw new Error(
        `etcd 3.4 binary ${bin} not found: install Debian's etcd-server and etcd-client ` + `(.ci/run does this)`,
      );
    }
  }
}

async function ensure35(): Promise<void> {
  const root = findRepoRoot();
  const cacheDir = path.join(root, '.cache');
  const lockDir = path.join(cacheDir, 'etcd-sid.lock');
  const ready = () => isExecutable(etcdBinary('3.5')) && isExecutable(realEtcdctl('3.5')) && !fs.existsSync(lockDir);
  if (ready()) return;

  fs.mkdirSync(cacheDir, { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  // acquire the lock
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'owner'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    // somebody else holds it: wait, and break it if its owner died
    let owner = NaN;
    try {
      owner = Number(fs.readFileSync(path.join(lockDir, 'owner'), 'utf8'));
    } catch {
      // owner file not written yet
    }
    let age: number;
    try {
      age = Date.now() - fs.statSync(lockDir).mtimeMs;
    } catch {
      continue; // lock vanished: retry at once
    }
    if ((Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) || age > 10 * 60_000) {
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for the etcd 3.5 fetch lock ${lockDir}`);
    }
    await sleep(250);
  }

  try {
    const script = path.join(root, 'scripts', 'fetch-etcd-sid.sh');
    await new Promise<void>((resolve, reject) => {
      execFile(
        'bash',
        [script, sidDir()],
        { timeout: 5 * 60_000, maxBuffer: 16 * 1024 * 1024 },
        (err, stdout, stderr) => {
          if (err) {
            reject(
              new Error(
                `could not fetch etcd 3.5 (Debian sid) with scripts/fetch-etcd-sid.sh: ` +
                  `${err.message}\n${String(stderr).trim()}\n${String(stdout).trim()}`,
              ),
            );
          } else resolve();
        },
      );
    });
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
  for (const bin of [etcdBinary('3.5'), realEtcdctl('3.5')]) {
    if (!isExecutable(bin)) {
      throw new Error(`etcd 3.5 binary ${bin} missing after scripts/fetch-etcd-sid.sh`);
    }
  }
}
