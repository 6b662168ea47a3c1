// Locates the repository root (the folder whose package.json is named
// "etcdctl-ts"), wherever the bundled test runs from.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Repo root: $ETCDCTL_TS_ROOT, else the nearest ancestor of cwd whose package.json is "etcdctl-ts". */
export function findRepoRoot(): string {
  const fromEnv = process.env.ETCDCTL_TS_ROOT;
  if (fromEnv) return resolve(fromEnv);
  let dir = process.cwd();
  for (;;) {
    try {
      const parsed = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (parsed.name === 'etcdctl-ts') return dir;
    } catch {
      // no (readable) package.json here: keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`cannot find the etcdctl-ts repo root from ${process.cwd()}; set ETCDCTL_TS_ROOT`);
    dir = parent;
  }
}
