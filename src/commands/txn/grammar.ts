/**
 * txn's input grammar (docs/etcdctl-behaviour.md §6.4): compare lines (`<target>("<key>") <op> "<value>"`),
 * request lines (put/get/del with their flags, tokenised like etcdctl's Argify)
 * and sections of lines ended by an empty line.
 */
import { defineCommand, type EtcdCommand } from '../../cli/command';
import { findCommand, parseFlags } from '../../cli/parse';
import { flagOpts } from '../../cli/flags';
import { CliError, ExitCode, PanicError, UsageError } from '../../errors';
import {
  Compare,
  Compare_CompareResult as Result,
  Compare_CompareTarget as Target,
  type RequestOp,
} from '../../proto/gen/rpc';
import { goTrimSpace } from '../../go/unicode';
import {
  buildDelRequest,
  buildGetRequest,
  buildPutRequest,
  delCommand,
  DEL_FLAGS,
  getCommand,
  GET_FLAGS,
  putCommand,
  PUT_FLAGS,
} from '../kv';
import { TXN_ROOT_USAGE, cobraHelp, cobraUsage, type CobraCommandInfo } from '../../cli/cobra-help';
import { goQuote, goUnquoteBytes } from '../../go/quote';
import { parseGoIntBase } from '../../go/parse';
import { keyRange } from '../../util/keys';
import type { GoLineReader } from '../../io/bufio';
import type { Compat } from '../../compat';

const invalidInput = (msg: string): CliError => new CliError(ExitCode.InvalidInput, msg);

// ---------------------------------------------------------------- compares

/** fmt's isSpace (scanning). */
const isScanSpace = (ch: string): boolean =>
  /^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u.test(ch);

class ScanStop extends Error {}

/** Go fmt.Sscanf(rest, "%q) %s %q", &key, &op, &val): items scanned until the first failure. */
export function scanCompare(rest: string): { n: number; key: Buffer; op: string; val: Buffer } {
  const rs = [...rest];
  let i = 0;
  const stop = (): never => {
    throw new ScanStop();
  };
  const eof = (): boolean => i >= rs.length;
  const mustRead = (): string => (eof() ? stop() : rs[i++]);
  const skipSpace = (): void => {
    while (!eof() && isScanSpace(rs[i])) i++;
  };
  // A lone space in the format: at least one space, or the end of the input.
  const formatSpace = (): void => {
    if (!eof() && !isScanSpace(rs[i])) stop();
    skipSpace();
  };
  const quoted = (): Buffer => {
    skipSpace();
    const q = mustRead();
    let s = q;
    if (q === '`') {
      for (let r = mustRead(); r !== '`'; r = mustRead()) s += r;
      return Buffer.from(s.slice(1));
    }
    if (q !== '"') return stop();
    for (;;) {
      const r = mustRead();
      s += r;
      if (r === '\\') s += mustRead();
      else if (r === '"') break;
    }
    try {
      return Buffer.from(goUnquoteBytes(s));
    } catch {
      return stop();
    }
  };
  const out: { n: number; key: Buffer; op: string; val: Buffer } = {
    n: 0,
    key: Buffer.alloc(0),
    op: '',
    val: Buffer.alloc(0),
  };
  try {
    out.key = quoted();
    out.n = 1;
    if (mustRead() !== ')') stop();
    formatSpace();
    skipSpace();
    if (eof()) stop();
    let op = '';
    while (!eof() && !isScanSpace(rs[i])) op += rs[i++];
    out.op = op;
    out.n = 2;
    formatSpace();
    out.val = quoted();
    out.n = 3;
  } catch (e) {
    if (!(e instanceof ScanStop)) throw e;
  }
  return out;
}

const RESULTS: Record<string, Result> = {
  '=': Result.EQUAL,
  '!=': Result.NOT_EQUAL,
  '>': Result.GREATER,
  '<': Result.LESS,
};
const INT_TARGETS: Record<string, Target> = {
  ver: Target.VERSION,
  version: Target.VERSION,
  c: Target.CREATE,
  create: Target.CREATE,
  m: Target.MOD,
  mod: Target.MOD,
};

/** clientv3.Compare's operator switch; etcdctl panics on anything else. */
function resultOf(op: string, line: string): Result {
  const r = RESULTS[op];
  if (r === undefined) throw new PanicError(`Unknown result op ${goQuote(op)} (expected =, !=, > or <): ${line}`);
  return r;
}

/** etcdctl ParseCompare: `<target>("<key>") <op> "<value>"`. */
export function parseCompare(line: string): Compare {
  const paren = line.indexOf('(');
  if (paren < 0) throw invalidInput(`malformed comparison: ${line}`);
  const target = line.slice(0, paren);
  const { n, key, op, val } = scanCompare(line.slice(paren + 1));
  if (n !== 3)
    throw invalidInput(`malformed comparison: ${line}; got ${target}(${goQuote(key)}) ${op} ${goQuote(val)}`);
  const intTarget = INT_TARGETS[target];
  if (intTarget !== undefined) {
    let v: bigint;
    try {
      v = parseGoIntBase(val.toString('utf8'), 10, 64);
    } catch {
      throw invalidInput(`invalid txn compare request: ${line}`);
    }
    const result = resultOf(op, line);
    const union =
      intTarget === Target.VERSION
        ? { version: v }
        : intTarget === Target.CREATE
          ? { create_revision: v }
          : { mod_revision: v };
    return Compare.fromPartial({ result, target: intTarget, key, ...union });
  }
  if (target === 'val' || target === 'value') {
    return Compare.fromPartial({ result: resultOf(op, line), target: Target.VALUE, key, value: val });
  }
  if (target === 'lease') {
    resultOf(op, line);
    throw new PanicError(
      `bad value: etcdctl txn cannot compare leases (the value is not converted to an integer): ${line}`,
    );
  }
  throw invalidInput(`malformed comparison: ${line} (unknown target ${target})`);
}

// ---------------------------------------------------------------- requests

const ARG_RE = /"(?:[^"\\]|\\[^\n])*"|'[^']*'|[^'"\t\n\f\r ][^\t\n\f\r ]*[^'"\t\n\f\r ]?/gu;

/** etcdctl Argify: shell-like words; single quotes stripped, double-quoted words unquoted as Go literals. */
export function argify(line: string): Buffer[] {
  return (line.match(ARG_RE) ?? []).map((t) => {
    if (t.startsWith("'")) return Buffer.from(t.slice(1, -1));
    if (t.length > 1 && t.startsWith('"')) {
      try {
        return Buffer.from(goUnquoteBytes(t));
      } catch {
        throw invalidInput('invalid syntax');
      }
    }
    return Buffer.from(t);
  });
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export interface RequestIo {
  /** "the rest of stdin" for `put <key>` without a value. */
  readRest(): Promise<Buffer>;
  stdout: { write(s: string): void };
  stderr: { write(s: string): void };
  /** The 2-second pause after del's range warning. */
  sleep(ms: number): Promise<void>;
  /** The etcdctl line: a 3.7 get line also takes (and ignores) --stream, docs/etcdctl-3.7-behaviour.md §4.2. */
  compat: Compat;
}

function infoOf(cmd: EtcdCommand): CobraCommandInfo {
  return { use: cmd.use, short: cmd.short, long: cmd.long, flags: cmd.localFlags };
}

/** put/get/del as a txn request line knows them: etcdctl's flags only, no extension flag. */
function lineCommand(cmd: EtcdCommand, flags: typeof PUT_FLAGS | typeof GET_FLAGS | typeof DEL_FLAGS): EtcdCommand {
  return defineCommand({ use: cmd.use, short: cmd.short, long: cmd.long, flags, run: async () => {} });
}

/** etcdctl parseRequestUnion: one request line -> a put, range or delete-range request. */
export async function parseRequestLine(line: string, io: RequestIo): Promise<RequestOp> {
  const tokens = argify(line);
  if (tokens.length < 2) throw invalidInput(`invalid txn compare request: ${line}`);
  const invalid = (): CliError => invalidInput(`invalid txn request: ${line}`);
  // Words that are not UTF-8 (from \x escapes) travel through the flag parser as placeholders.
  const binary = new Map<string, Buffer>();
  const words = tokens.map((b, i) => {
    try {
      return strictUtf8.decode(b);
    } catch {
      if (b[0] === 0x2d) return b.toString('utf8');
      const p = `\u{10fffd}${i}\u{10fffd}`;
      binary.set(p, b);
      return p;
    }
  });
  const root = defineCommand({
    use: '',
    short: '',
    compat: io.compat,
    subcommands: [
      lineCommand(putCommand(), PUT_FLAGS),
      lineCommand(getCommand(), GET_FLAGS),
      lineCommand(delCommand(), DEL_FLAGS),
    ],
  });
  let found: { command: EtcdCommand; rest: string[] };
  try {
    found = findCommand(root, words);
  } catch {
    throw invalid();
  }
  const cmd = found.command;
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(cmd, found.rest, true);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`${cmd === root ? TXN_ROOT_USAGE : cobraUsage(infoOf(cmd))}\n`);
    throw invalid();
  }
  if (parsed.help) {
    // etcdctl prints this help and then waits forever for a request that never comes.
    io.stdout.write(cmd === root ? TXN_ROOT_USAGE : cobraHelp(infoOf(cmd)));
    throw invalid();
  }
  const args = parsed.args.map((a) => (binary.has(a) ? (binary.get(a) as Buffer).toString('utf8') : a));
  const raw = parsed.args.map((a) => binary.get(a) ?? Buffer.from(a));
  const patched = parsed.args.some((a) => binary.has(a));
  switch (cmd.name()) {
    case 'put': {
      const f = flagOpts(PUT_FLAGS, parsed.values);
      const req = await buildPutRequest(args, f, () => io.readRest());
      if (patched) {
        req.key = Buffer.from(raw[0]);
        if (!f.ignoreValue && raw.length > 1) req.value = Buffer.from(raw[1]);
      }
      return { request_put: req };
    }
    case 'get': {
      const f = flagOpts(GET_FLAGS, parsed.values);
      const req = buildGetRequest(args, f);
      if (patched) Object.assign(req, keyRange(raw[0], { prefix: f.prefix, fromKey: f.fromKey, rangeEnd: raw[1] }));
      return { request_range: req };
    }
    default: {
      const f = flagOpts(DEL_FLAGS, parsed.values);
      const { req, warning } = buildDelRequest(args, f);
      if (warning) {
        io.stderr.write(
          patched
            ? warning.replace(goQuote(args[0]), goQuote(raw[0])).replace(goQuote(args[1]), goQuote(raw[1]))
            : warning,
        );
        await io.sleep(2000);
      }
      if (patched) Object.assign(req, keyRange(raw[0], { prefix: f.prefix, fromKey: f.fromKey, rangeEnd: raw[1] }));
      return { request_delete_range: req };
    }
  }
}

// ---------------------------------------------------------------- sections

/** Lines up to the first empty one (after trimming); the input must not end before it. */
export async function readSection<T>(reader: GoLineReader, parse: (line: string) => T | Promise<T>): Promise<T[]> {
  const items: T[] = [];
  for (;;) {
    let raw: Buffer;
    try {
      raw = await reader.readLine();
    } catch (e) {
      throw invalidInput((e as Error).message);
    }
    const line = goTrimSpace(raw.toString('utf8'));
    if (line === '') return items;
    items.push(await parse(line));
  }
}
