/**
 * Entry point: builds the program, runs the command line, flushes output and
 * exits with etcdctl's status. A closed stdout (`| head`) ends the process
 * quietly with 141, the status a shell reports for Go's etcdctl killed by SIGPIPE.
 */
import { buildProgram } from './program';
import { runCommandLine, takeContextFlag } from './cli/run';
import { outputOf } from './output/stream';
import { ExitCode } from './errors';
import { COMPAT_ENV, compatFromEnv } from './compat';
import { COMPLETE_COMMANDS, complete, renderCompletion } from './cli/complete';
import { contextCompat } from './contexts/file';
import { completeLive, liveWanted } from './cli/complete-live';

export async function main(argv: string[]): Promise<void> {
  for (const s of [process.stdout, process.stderr]) {
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(ExitCode.SigPipe);
      throw e;
    });
  }
  // stdin is created on first use: initialising process.stdin puts a piped fd 0 in
  // non-blocking mode, and txn reads fd 0 directly (Go's bufio.Reader semantics).
  const io = {
    get stdin() {
      return process.stdin;
    },
    stdout: outputOf(process.stdout),
    stderr: outputOf(process.stderr),
    env: process.env,
  };
  // ETCDCTLTS_COMPAT, else the `compat` of the context --context or current-context selects
  const { compat, invalid } = compatFromEnv(io.env, () => contextCompat(io.env, takeContextFlag(argv).context));
  if (invalid !== undefined) {
    io.stderr.write(`Error: ${COMPAT_ENV}=${JSON.stringify(invalid)}: not an etcdctl line (want 3.7 or 3.6)\n`);
    await io.stderr.flush();
    process.exit(ExitCode.Error);
  }
  if (COMPLETE_COMMANDS.includes(argv[0] ?? '')) {
    const root = buildProgram(compat);
    const args = argv.slice(1);
    const found = liveWanted(io.env) ? await completeLive(root, args, io.env) : complete(root, args);
    const out = renderCompletion(found, argv[0] === '__complete');
    io.stdout.write(out.stdout);
    io.stderr.write(out.stderr);
    await Promise.all([io.stdout.flush(), io.stderr.flush()]);
    process.exit(0);
  }
  const code = await runCommandLine(buildProgram(compat), argv, io);
  await Promise.all([io.stdout.flush(), io.stderr.flush()]);
  process.exit(code);
}

/**
 * Exercises the common start-up path (parse, help, config, client set-up) so
 * that the build can include its compiled code in the V8 code cache. Writes
 * nothing; the put fails fast against a closed port.
 */
export async function warmUp(): Promise<void> {
  const sink = { write() {}, drain: async () => {}, flush: async () => {}, isTTY: false };
  const io = { stdin: process.stdin, stdout: sink, stderr: sink, env: {} };
  await runCommandLine(buildProgram(), ['get', '--help'], io);
  await runCommandLine(
    buildProgram(),
    ['--endpoints=127.0.0.1:1', '--command-timeout=50ms', '-w', 'json', 'put', 'k', 'v'],
    io,
  );
}
