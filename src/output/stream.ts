/**
 * stdout/stderr as the commands see them: complete writes, back-pressure for
 * long-running streams (watch), and a flush before the process exits.
 */
export interface Output {
  write(data: string | Uint8Array): void;
  /** Resolves when the stream can take more data (back-pressure for watch). */
  drain(): Promise<void>;
  /** Resolves once everything written so far has been handed to the OS. */
  flush(): Promise<void>;
  readonly isTTY: boolean;
}

export function outputOf(stream: NodeJS.WritableStream & { isTTY?: boolean; writableNeedDrain?: boolean }): Output {
  return {
    write(data) {
      stream.write(data);
    },
    drain() {
      if (!stream.writableNeedDrain) return Promise.resolve();
      return new Promise((resolve) => stream.once('drain', () => resolve()));
    },
    flush() {
      return new Promise((resolve) => stream.write('', () => resolve()));
    },
    isTTY: stream.isTTY === true,
  };
}
