/** How the watch stream manager (watch.ts) outlives failures: its policies and its one back-off rule. */

/**
 * How a watcher outlives failures. The defaults are clientv3's (etcdctl watch);
 * etcd's concurrency recipes (lock, elect, make-mirror) keep waiting through a
 * leader election, a server-side close and an expired token.
 */
export interface WatchPolicy {
  /** `etcdserver: no leader` resumes (back-off capped at 1 s) instead of closing the watchers. */
  resumeWithoutLeader?: boolean;
  /** A stream the server ends with status OK resumes instead of closing the watchers with `EOF`. */
  resumeOnEnd?: boolean;
  /** Unauthenticated resumes this many times in a row (a new stream fetches a fresh token). */
  authRetries?: number;
  /** A watcher the server cancels (or refuses at creation) ends with its error, as clientv3's WatchResponse.Err(). */
  reportCancel?: boolean;
}

/** The recipes' policy (see WatchPolicy). */
export const RECIPE_POLICY: WatchPolicy = {
  resumeWithoutLeader: true,
  resumeOnEnd: true,
  authRetries: 3,
  reportCancel: true,
};

const MAX_BACKOFF_MS = 100;
export const NO_LEADER_MAX_BACKOFF_MS = 1000;

/** The one back-off rule of a watch stream that failed with Unavailable: 1 ms, then x1.25 up to `capMs`. */
export function nextBackoffMs(prevMs: number, capMs = MAX_BACKOFF_MS): number {
  return prevMs === 0 ? 1 : Math.min(capMs, prevMs * 1.25);
}
