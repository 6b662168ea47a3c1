/**
 * SIGINT/SIGTERM handling, the one place commands install signal listeners.
 * While installed, the signals do not kill the process: the first one aborts
 * `first` and calls `onSignal`; what a later one does is `then`'s choice:
 * - 'abort' (default): it aborts `second` (lock and elect give up their release,
 *   so that a hung cluster cannot make the process unkillable);
 * - 'default': the listeners are gone after the first signal, so a later one has
 *   its default effect (the process dies of it), as with process.once.
 */
import { ExitCode } from '../errors';

export type TermSignal = 'SIGINT' | 'SIGTERM';

/** The status a shell reports for a process killed by the signal. */
export const SIGNAL_STATUS: Readonly<Record<TermSignal, number>> = {
  SIGINT: ExitCode.SigInt,
  SIGTERM: ExitCode.SigTerm,
};

export interface TerminationOptions {
  /** The signals handled (default: both). */
  signals?: readonly TermSignal[];
  /** Called on the first signal. */
  onSignal?: (sig: TermSignal) => void;
  then?: 'abort' | 'default';
}

export interface Termination {
  first: AbortSignal;
  second: AbortSignal;
  /** Resolves when the first signal arrives. */
  requested: Promise<void>;
  /** The first signal received, if any. */
  readonly received: TermSignal | undefined;
  /** Restores the default signal behaviour. */
  dispose(): void;
}

export function onTermination(opts: TerminationOptions = {}): Termination {
  const signals = opts.signals ?? (['SIGINT', 'SIGTERM'] as const);
  const first = new AbortController();
  const second = new AbortController();
  let received: TermSignal | undefined;
  const dispose = (): void => {
    for (const s of signals) process.off(s, handler);
  };
  const handler = (sig: TermSignal): void => {
    if (first.signal.aborted) {
      second.abort();
      return;
    }
    received = sig;
    if (opts.then === 'default') dispose();
    first.abort();
    opts.onSignal?.(sig);
  };
  for (const s of signals) process.on(s, handler);
  const requested = new Promise<void>((resolve) =>
    first.signal.addEventListener('abort', () => resolve(), { once: true }),
  );
  return {
    first: first.signal,
    second: second.signal,
    requested,
    get received() {
      return received;
    },
    dispose,
  };
}
