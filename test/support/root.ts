// Locates the repository root (the folder whose package.json is named
// "etcdctl-ts"), wherever the bundled test runs from.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function findRepoRoot(): string {
  if (process.env.ETCDCTL_TS_ROOT) return process.env.ETCDCTL_TS_ROOT;
  let dir = process.cwd();
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'etcdctl-ts') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('etcdctl-ts repository root not found');
    dir = up;
  }
}
