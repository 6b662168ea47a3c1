/**
 * The password prompt (speakeasy.Ask) and Go's fmt.Scanf("%s"), read from
 * stdin through the run's one StdinReader. The answer is returned to the
 * caller only.
 */
import { CliError, ExitCode, ExitSilently } from '../errors';
import { isGoSpace, goTrimSpace } from '../go/unicode';
import type { Io } from './io';
import { StdinReader, type Stdin } from './stdin';

/** The run's one buffered reader of stdin, shared by all its prompts. */
function readerOf(io: Io): StdinReader {
  io.stdinReader ??= new StdinReader(io.stdin as Stdin);
  return io.stdinReader;
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
    else if (ch === '\u0015')
      line = ''; // Ctrl-U
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
