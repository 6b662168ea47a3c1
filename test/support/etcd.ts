/**
 * Real-etcd test rig: starts genuine etcd members on 127.0.0.1 for integration tests.
 *
 *   const cluster = await startCluster({ size: 3, flavor: '3.5' });
 *   try { ... cluster.endpoints ... } finally { await cluster.stop(); }
 *   // or: await withCluster({ size: 1 }, async (cluster) => { ... });
 *
 * Flavors:  '3.4' = Debian's /usr/bin/etcd + /usr/bin/etcdctl (apt: etcd-server etcd-client);
 *           '3.5' = Debian sid's etcd, unpacked on demand into <root>/.cache/etcd-sid by
 *                   scripts/fetch-etcd-sid.sh (guarded by a mkdir lock, so parallel test files
 *                   fetch it once).
 *
 * Layout:   every cluster gets one temp folder (mkdtemp under os.tmpdir(), prefix
 *           "etcdctl-ts-rig-") holding each member's data dir (<name>.etcd), its log
 *           (<name>.log: etcd's stdout+stderr, never the test output) and owner.json
 *           (the owning test process and member PIDs, used to reap orphans).
 *
 * Cleanup:  every spawned etcd and cluster temp folder is registered in one per-process
 *           state object; exit/signal handlers kill and remove what is left, and the next
 *           start reaps what a SIGKILLed test process left behind (etcd/registry.ts).
 *
 * This module is what tests import; the rig itself is in etcd/:
 *   binaries.ts  flavors and their binaries (the 3.5 fetch)
 *   registry.ts  the process registry, exit/signal cleanup, orphan reaping
 *   member.ts    one etcd member process (spawn, health, stop)
 *   cluster.ts   startCluster / withCluster (twin identity, port retries), prepareExtraMember
 */
export { ensureFlavor, etcdBinary, realEtcdctl, type EtcdFlavor } from './etcd/binaries';
export { findRepoRoot as repoRoot } from './root';
export { reapOrphans, rigState, type RigState } from './etcd/registry';
export type { Member } from './etcd/member';
export {
  prepareExtraMember,
  startCluster,
  withCluster,
  type Cluster,
  type ClusterIdentity,
  type ExtraMember,
  type StartClusterOptions,
} from './etcd/cluster';
