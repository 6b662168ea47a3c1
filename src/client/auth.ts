/**
 * --user/--password handling (spec §3.6): split name:password, or prompt.
 * The password never leaves this module except inside the Authenticate call.
 */
import { CliError, ExitCode } from '../errors';
import type { GlobalConfig } from '../cli/config';
import type { Io } from '../cli/invocation';

export interface Credentials {
  name: string;
  password: string;
}

/** Reads one line from stdin; on a terminal without echo. */
export async function readPassword(io: Io, prompt: string): Promise<string> {
  io.stdout.write(prompt);
  const stdin = io.stdin as NodeJS.ReadStream;
  const tty = stdin.isTTY === true && typeof stdin.setRawMode === 'function';
  if (tty) stdin.setRawMode(true);
  try {
    return await new Promise<string>((resolve, reject) => {
      let buf = '';
      const done = (value: string): void => {
        stdin.off('data', onData);
        stdin.off('end', onEnd);
        stdin.off('error', onErr);
        stdin.pause();
        resolve(value);
      };
      const onData = (chunk: Buffer | string): void => {
        const text = chunk.toString();
        for (const ch of text) {
          if (ch === '\n' || ch === '\r') return done(buf);
          if (tty && ch === '\u0003') return reject(new CliError(ExitCode.BadArgs, 'interrupted'));
          if (tty && (ch === '\u007f' || ch === '\b')) buf = buf.slice(0, -1);
          else buf += ch;
        }
      };
      const onEnd = (): void => done(buf);
      const onErr = (e: Error): void => reject(new CliError(ExitCode.BadArgs, e.message));
      stdin.on('data', onData);
      stdin.on('end', onEnd);
      stdin.on('error', onErr);
      stdin.resume();
    });
  } finally {
    if (tty) stdin.setRawMode(false);
    io.stdout.write('\n');
  }
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
