/**
 * SIGINT/SIGTERM handling for lock and elect (spec §9.7): while installed, the
 * signals do not kill the process; the first one aborts `first` (the command
 * then releases what it holds), a second one aborts `second` (the release is
 * given up, so that a hung cluster cannot make the process unkillable).
 */
export interface Termination {
  first: AbortSignal;
  second: AbortSignal;
  /** Resolves when the first signal arrives. */
  requested: Promise<void>;
  /** Restores the default signal behaviour. */
  dispose(): void;
}

export function onTermination(): Termination {
  const first = new AbortController();
  const second = new AbortController();
  const handler = (): void => {
    if (!first.signal.aborted) first.abort();
    else second.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  const requested = new Promise<void>((resolve) => first.signal.addEventListener('abort', () => resolve(), { once: true }));
  return {
    first: first.signal,
    second: second.signal,
    requested,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
