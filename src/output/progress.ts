/**
 * Progress display for long-running maintenance work (snapshot save, defrag,
 * check perf/datascale): an ora spinner on stderr, only when stderr is a
 * terminal and NO_COLOR is unset; otherwise nothing at all, so scripted
 * output stays byte-identical to etcdctl's. ora is loaded only when shown.
 */
import type { Io } from '../io/io';

export interface Progress {
  update(text: string): void;
  /** Removes the spinner line (idempotent). */
  stop(): void;
}

const NONE: Progress = { update: () => undefined, stop: () => undefined };

export function progressWanted(io: Pick<Io, 'stderr' | 'env'>): boolean {
  return io.stderr.isTTY && (io.env.NO_COLOR === undefined || io.env.NO_COLOR === '');
}

/** A terminal that reports no width (a bare pty) would make ora's line arithmetic divide by zero. */
function terminalWidth(): number {
  return process.stderr.columns ?? 0;
}

export async function startProgress(io: Pick<Io, 'stderr' | 'env'>, text: string): Promise<Progress> {
  if (!progressWanted(io) || !(terminalWidth() > 0)) return NONE;
  const { default: ora } = await import('ora');
  // The Io wrapper is not a TTY stream; ora needs the real one for cursor control.
  const spinner = ora({ text, stream: process.stderr, discardStdin: false }).start();
  let stopped = false;
  return {
    update(t) {
      if (!stopped) spinner.text = t;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      spinner.stop();
    },
  };
}
