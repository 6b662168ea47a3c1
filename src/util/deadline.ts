/**
 * Deadlines as Go contexts have them, in ms since the epoch.
 * commandDeadline: context.WithTimeout(ctx, d) — a zero duration is already expired.
 * optionalDeadline: a dial timeout of 0 means no limit.
 */
export function commandDeadline(ns: bigint): number {
  return Date.now() + Number(ns) / 1e6;
}

export function optionalDeadline(ns: bigint): number | undefined {
  return ns > 0n ? commandDeadline(ns) : undefined;
}

/** Alias of optionalDeadline (zero: no limit). */
export const deadlineAfter = optionalDeadline;
