/** An absolute deadline (ms since the epoch) from a Go duration in ns; 0 = none. */
export function deadlineAfter(ns: bigint): number | undefined {
  return ns > 0n ? Date.now() + Number(ns) / 1e6 : undefined;
}
