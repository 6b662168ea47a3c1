/**
 * The readers of the process's stdin, each with the semantics of the etcdctl
 * code it stands for:
 * - StdinReader: character reads for the password prompts and Scanf (Go reads
 *   stdin byte by byte, so several prompts of one command each get their own
 *   line and what follows the answers is left for the command, txn's request
 *   lines). A pipe or file is read straight from the descriptor; a terminal
 *   (raw mode for the no-echo prompt) goes through one stream reader per run.
 * - streamLines: watch -i's request lines.
 * - readAll: put's value (io.ReadAll).
 * txn's bufio.Reader over fd 0 is in bufio.ts.
 */
import { readFd } from './fd';

export type Stdin = NodeJS.ReadableStream & { isTTY?: boolean; fd?: number; setRawMode?: (raw: boolean) => unknown };

/**
 * Character reads from stdin: a pipe or file byte by byte from its descriptor
 * (nothing read beyond the character returned); otherwise a stream resumed only
 * while a read waits.
 */
export class StdinReader {
  private buf = '';
  private ended = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private readonly fd: number | undefined;

  constructor(readonly stream: Stdin) {
    if (stream.isTTY !== true && typeof stream.fd === 'number') {
      this.fd = stream.fd;
      return;
    }
    // Another reader (put's value) may have consumed stdin already: no 'end' event will come.
    this.ended = (stream as { readableEnded?: boolean }).readableEnded === true;
    stream.on('data', (chunk: Buffer | string) => {
      this.buf += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      this.wake?.();
    });
    stream.on('end', () => {
      this.ended = true;
      this.wake?.();
    });
    stream.on('error', (e: Error) => {
      this.failure = e;
      this.wake?.();
    });
    // A 'data' listener starts the flow: stop it until a read waits.
    stream.pause();
  }

  get isTTY(): boolean {
    return this.stream.isTTY === true && typeof this.stream.setRawMode === 'function';
  }

  /** Next character, or undefined at end of input. */
  async next(): Promise<string | undefined> {
    if (this.fd !== undefined && this.buf === '') return this.nextFromFd(this.fd);
    while (this.buf === '' && !this.ended) {
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.stream.resume();
      });
      this.wake = undefined;
      this.stream.pause();
    }
    if (this.buf === '') return undefined;
    const cp = this.buf.codePointAt(0) as number;
    const ch = String.fromCodePoint(cp);
    this.buf = this.buf.slice(ch.length);
    return ch;
  }

  /** One UTF-8 character read a byte at a time; a malformed sequence gives U+FFFD. */
  private async nextFromFd(fd: number): Promise<string | undefined> {
    const b = Buffer.alloc(4);
    if ((await readFd(fd, b, 0, 1)) === 0) return undefined;
    const lead = b[0];
    const len = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    for (let n = 1; n < len; n++) {
      if ((await readFd(fd, b, n, 1)) === 0) return b.subarray(0, n).toString('utf8');
      if ((b[n] & 0xc0) !== 0x80) {
        // Not a continuation byte: it starts the next character.
        this.buf = b[n] < 0x80 ? String.fromCharCode(b[n]) : '\ufffd';
        return b.subarray(0, n).toString('utf8');
      }
    }
    return b.subarray(0, len).toString('utf8');
  }

  /** Puts one character back (Go's UnreadRune). */
  unread(ch: string): void {
    this.buf = ch + this.buf;
  }
}

/** Complete stdin lines as latin1 strings (one char per byte); null at end of input. */
export function streamLines(stdin: NodeJS.ReadableStream): () => Promise<string | null> {
  const lines: string[] = [];
  let partial = '';
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  stdin.on('data', (chunk: Buffer | string) => {
    const text =
      partial + (typeof chunk === 'string' ? Buffer.from(chunk).toString('latin1') : chunk.toString('latin1'));
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    notify();
  });
  const finish = (): void => {
    ended = true;
    notify();
  };
  stdin.on('end', finish);
  stdin.on('error', finish);
  return async () => {
    for (;;) {
      const l = lines.shift();
      if (l !== undefined) return l;
      // A last line without a newline is not processed (bufio ReadString returns it with EOF).
      if (ended) return null;
      await new Promise<void>((r) => {
        wake = r;
      });
    }
  };
}

/** Everything left on the stream (Go's io.ReadAll). */
export function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer | string) => chunks.push(typeof c === 'string' ? Buffer.from(c) : c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}
