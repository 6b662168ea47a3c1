/**
 * The set-up most integration files share: one real etcd cluster for the whole file, the
 * environment that points our CLI at it, and (when asked) a scratch folder; all removed after
 * the file's tests.
 *
 *   const rig = useCluster({ scratch: 'txn-file-' });
 *   ... ours(['get', 'k'], { env: rig.env }) ... path.join(rig.dir, 'x.json') ...
 *
 * `setup` runs after start-up, inside the same `before` hook: top-level hooks of one file are
 * not run one after the other, so a second top-level `before` could see no cluster yet.
 */
import { before, after } from 'node:test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startCluster, type Cluster, type StartClusterOptions } from './etcd';

export interface ClusterRig {
  cluster: Cluster;
  /** ETCDCTL_ENDPOINTS of every member. */
  env: Record<string, string>;
  /** The scratch folder ('' unless `scratch` was given). */
  dir: string;
}

export interface UseClusterOptions extends StartClusterOptions {
  /** Prefix of a scratch folder made under the OS temp folder. */
  scratch?: string;
  setup?: (rig: ClusterRig) => Promise<void> | void;
}

export function useCluster(opts: UseClusterOptions = {}): ClusterRig {
  const { scratch, setup, ...start } = opts;
  const rig = { dir: '' } as ClusterRig;
  before(async () => {
    rig.cluster = await startCluster({ size: 1, ...start });
    rig.env = { ETCDCTL_ENDPOINTS: rig.cluster.endpoints.join(',') };
    if (scratch) rig.dir = fs.mkdtempSync(path.join(os.tmpdir(), scratch));
    await setup?.(rig);
  });
  after(async () => {
    await rig.cluster?.stop();
    if (rig.dir) fs.rmSync(rig.dir, { recursive: true, force: true });
  });
  return rig;
}
