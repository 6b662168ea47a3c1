/**
 * --user/--password handling (spec §3.6): split name:password, or prompt.
 * The password never leaves this module except inside the Authenticate call.
 *
 * Reading stdin: etcdctl (Go) reads stdin byte by byte, so several prompts of
 * one command (user add asks twice) each get their own line, and what follows
 * the answers is left for the command (txn's request lines). Here a pipe or
 * file is read the same way, straight from the descriptor; a terminal (raw
 * mode for the no-echo prompt) goes through one buffered stream reader per run.
 */
import { CliError, ExitCode, ExitSilently } from '../errors';
import { readFd } from '../util/fd';
import type { GlobalConfig } from '../cli/config';
import type { Io } from '../cli/invocation';

export interface Credentials {
  name: string;
  password: string;
}

type Stdin = Io['stdin'] & { setRawMode?: (raw: boolean) => unknown };

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

/** The run's one buffered reader of stdin, shared by all its prompts. */
function readerOf(io: Io): StdinReader {
  io.stdinReader ??= new StdinReader(io.stdin as Stdin);
  return io.stdinReader;
}

/** Go's unicode.IsSpace. */
function isGoSpace(ch: string): boolean {
  return /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/.test(ch);
}

/** Go's strings.TrimSpace (JS trim() also strips U+FEFF and keeps U+0085). */
export function goTrimSpace(s: string): string {
  const chars = [...s];
  let a = 0;
  let b = chars.length;
  while (a < b && isGoSpace(chars[a])) a++;
  while (b > a && isGoSpace(chars[b - 1])) b--;
  return chars.slice(a, b).join('');
}

/** One line from a pipe or file: up to `\n` (excluded), a final `\r` dropped; EOF ends it. */
async function readLine(r: StdinReader): Promise<string> {
  let line = '';
  for (let ch = await r.next(); ch !== undefined && ch !== '\n'; ch = await r.next()) line += ch;
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** One line typed on a terminal in raw mode (no echo), with basic line editing. */
async function readLineRaw(r: StdinReader): Promise<string> {
  let line = '';
  for (;;) {
    const ch = await r.next();
    if (ch === undefined || ch === '\n' || ch === '\r') return line;
    if (ch === '\u0003') throw new ExitSilently(ExitCode.MinusOne); // Ctrl-C: speakeasy exits with status -1
    if (ch === '\u0004') {
      if (line === '') return line; // Ctrl-D on an empty line: end of input
      continue;
    }
    if (ch === '\u007f' || ch === '\b') line = [...line].slice(0, -1).join('');
    else if (ch === '\u0015') line = ''; // Ctrl-U
    else line += ch;
  }
}

/** speakeasy's failure to read stdin: exit 1 (etcdctl's callers that want 128 wrap it). */
export class PasswordEntryError extends CliError {
  constructor(cause: string) {
    super(ExitCode.Error, `failed during password entry: ${cause}`);
  }
}

/**
 * speakeasy.Ask: the prompt on stdout, one line read without echo (a terminal
 * is put in raw mode; a pipe is read as is: no `stty` noise on stderr, unlike
 * etcdctl), surrounding white space trimmed, then a newline on stdout (also
 * when reading failed).
 */
export async function readPassword(io: Io, prompt: string): Promise<string> {
  const r = readerOf(io);
  const tty = r.isTTY;
  // Echo off before the prompt shows: nothing typed after it can be echoed.
  if (tty) r.stream.setRawMode?.(true);
  io.stdout.write(prompt);
  let answer: string;
  try {
    answer = tty ? await readLineRaw(r) : await readLine(r);
  } catch (e) {
    if (e instanceof ExitSilently) throw e;
    io.stdout.write('\n');
    throw new PasswordEntryError((e as Error).message);
  } finally {
    if (tty) r.stream.setRawMode?.(false);
  }
  io.stdout.write('\n');
  return goTrimSpace(answer);
}

/**
 * Go's fmt.Scanf("%s") on stdin (user add/passwd --interactive=false): one
 * white-space-delimited word; a newline before it, or end of input, gives ''.
 */
export async function scanWord(io: Io): Promise<string> {
  const r = readerOf(io);
  let ch = await r.next();
  while (ch !== undefined && ch !== '\n' && isGoSpace(ch)) {
    if (ch === '\r') {
      const nx = await r.next();
      if (nx === '\n') return '';
      if (nx !== undefined) r.unread(nx);
    }
    ch = await r.next();
  }
  if (ch === undefined || ch === '\n') return '';
  let word = '';
  while (ch !== undefined && !isGoSpace(ch)) {
    word += ch;
    ch = await r.next();
  }
  return word;
}

/** undefined when no --user is configured. */
export async function resolveCredentials(cfg: GlobalConfig, io: Io): Promise<Credentials | undefined> {
  if (cfg.user === '') return undefined;
  if (cfg.password !== '') return { name: cfg.user, password: cfg.password };
  const colon = cfg.user.indexOf(':');
  if (colon >= 0) return { name: cfg.user.slice(0, colon), password: cfg.user.slice(colon + 1) };
  const password = await readPassword(io, 'Password: ');
  return { name: cfg.user, password };
}
