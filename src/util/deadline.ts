/**
 * Deadlines as Go contexts have them, in ms since the epoch: the only two ways
 * a deadline is computed (durations in nanoseconds, as flags hold them).
 * commandDeadline: context.WithTimeout(ctx, d) — a zero duration is already expired.
 * optionalDeadline: a duration of 0 means no limit (dial timeout, session release).
 */
/** One second in nanoseconds (Go's time.Second). */
export const SECOND = 1_000_000_000n;

export function commandDeadline(ns: bigint): number {
  return Date.now() + Number(ns) / 1e6;
}

export function optionalDeadline(ns: bigint): number | undefined {
  return ns > 0n ? commandDeadline(ns) : undefined;
}
