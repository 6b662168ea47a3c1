/**
 * ls and tree (extensions: not etcdctl commands). Both read the keyspace under a prefix
 * as a hierarchy split on a delimiter (default `/`), from keys-only ranges pinned to the
 * revision of the first one. The walk never reads a whole subtree it only has to count:
 * when a range ends inside a child "directory", the next range starts past it (at the
 * prefix end of `child/`), and the child's key count is the difference of two range
 * counts (a Range response counts every key of its range, whatever its limit). So a
 * prefix with 100,000 keys under 10 children costs 11 small ranges.
 *
 *   ls [PREFIX]    one line per child: `<key>  <number of keys under it>` (--depth N levels)
 *   tree [PREFIX]  the hierarchy drawn as a tree, every level unless --depth N
 */
import { defineCommand, type EtcdCommand } from '../cli/command';
import { flag, type FlagOpts } from '../cli/flags';
import type { Invocation } from '../cli/invocation';
import { CliError, ExitCode } from '../errors';
import { RangeRequest, type RangeResponse } from '../proto/gen/rpc';
import { KV } from '../client/methods';
import { goQuote } from '../go/quote';
import { prefixRangeEnd } from '../util/keys';

/** A child of the listed prefix: a key, or a "directory" (ends with the delimiter) and its key count. */
export interface Entry {
  key: Buffer;
  dir: boolean;
  count: bigint;
}

export interface Listing {
  prefix: Buffer;
  delimiter: Buffer;
  revision: bigint;
  entries: Entry[];
}

/** One keys-only Range (the walk's only access to etcd). */
export type RangeFn = (req: RangeRequest) => Promise<RangeResponse>;

/** Keys per range: starts small (a range that ends inside a child is mostly wasted) and doubles while whole ranges are listed. */
const FIRST_LIMIT = 16n;
const MAX_LIMIT = 4096n;

/** The entry a key belongs to: cut after the depth-th delimiter past the prefix (depth 0: never). */
export function entryOf(key: Buffer, prefix: Buffer, delimiter: Buffer, depth: number): Entry {
  if (delimiter.length === 0) return { key, dir: false, count: 1n };
  let from = prefix.length;
  for (let level = 1; depth === 0 || level <= depth; level++) {
    const at = key.indexOf(delimiter, from);
    if (at < 0) break;
    from = at + delimiter.length;
    if (level === depth) return { key: key.subarray(0, from), dir: true, count: 0n };
  }
  return { key, dir: false, count: 1n };
}

/**
 * The listing of `prefix` down to `depth` levels (0: every level, i.e. every key). With
 * `maxEntries` (live completion), the walk stops once it has that many entries or more.
 */
export async function walk(
  range: RangeFn,
  prefix: Buffer,
  delimiter: Buffer,
  depth: number,
  maxEntries = Infinity,
): Promise<Listing> {
  // an empty prefix is the whole keyspace: etcd's ["\0", "\0") is "every key from \0 on"
  const end = prefix.length > 0 ? prefixRangeEnd(prefix) : Buffer.from([0]);
  const toEnd = end.length === 1 && end[0] === 0;
  const listing: Listing = { prefix, delimiter, revision: 0n, entries: [] };
  let cursor: Buffer = prefix.length > 0 ? prefix : Buffer.from([0]);
  let limit = FIRST_LIMIT;
  // a directory a range ended in: its keys from its first one to the end of the listed range
  let open: { entry: Entry; keysToEnd: bigint } | undefined;
  for (;;) {
    if (!open && listing.entries.length >= maxEntries) return listing;
    const resp = await range(
      RangeRequest.fromPartial({ key: cursor, range_end: end, keys_only: true, limit, revision: listing.revision }),
    );
    if (listing.revision === 0n) listing.revision = resp.header?.revision ?? 0n;
    if (open) {
      open.entry.count = open.keysToEnd - resp.count;
      listing.entries.push(open.entry);
      open = undefined;
    }
    if (listing.entries.length >= maxEntries) return listing;
    const kvs = resp.kvs;
    let i = 0;
    while (i < kvs.length) {
      const entry = entryOf(kvs[i].key, prefix, delimiter, depth);
      let j = i + 1;
      if (entry.dir) while (j < kvs.length && kvs[j].key.subarray(0, entry.key.length).equals(entry.key)) j++;
      if (entry.dir && j === kvs.length && resp.more) {
        open = { entry, keysToEnd: resp.count - BigInt(i) };
        break;
      }
      entry.count = BigInt(j - i);
      listing.entries.push(entry);
      i = j;
    }
    if (open) {
      // jump past the directory's subtree
      const past = prefixRangeEnd(open.entry.key);
      const beyond = (past.length === 1 && past[0] === 0) || (!toEnd && Buffer.compare(past, end) >= 0);
      if (beyond) {
        open.entry.count = open.keysToEnd;
        listing.entries.push(open.entry);
        return listing;
      }
      cursor = past;
      limit = FIRST_LIMIT;
      continue;
    }
    if (!resp.more || kvs.length === 0) return listing;
    cursor = Buffer.concat([kvs[kvs.length - 1].key, Buffer.from([0])]);
    if (limit < MAX_LIMIT) limit *= 2n;
  }
}

// ---- rendering ---------------------------------------------------------------------

const text = (b: Buffer): string => b.toString('utf8');

/** `<key>  <count>` per entry, keys padded to one column. */
export function renderLs(l: Listing): string {
  const keys = l.entries.map((e) => text(e.key));
  const width = Math.max(0, ...keys.map((k) => [...k].length));
  return l.entries.map((e, i) => `${keys[i]}${' '.repeat(width - [...keys[i]].length)}  ${e.count}\n`).join('');
}

/** `{"revision":R,"prefix":"<base64>","entries":[{"key":"<base64>","dir":true,"count":N},...]}` (etcd's JSON carries bytes as base64). */
export function renderJson(l: Listing): string {
  const b64 = (b: Buffer): string => JSON.stringify(b.toString('base64'));
  const entries = l.entries.map((e) => `{"key":${b64(e.key)},"dir":${e.dir},"count":${e.count}}`);
  return `{"revision":${l.revision},"prefix":${b64(l.prefix)},"entries":[${entries.join(',')}]}\n`;
}

interface Node {
  label: string;
  count: bigint;
  children: Map<string, Node>;
}

/** The listing drawn as `tree` does: a root line (the prefix, its key count), then one line per node. */
export function renderTree(l: Listing): string {
  const root: Node = { label: text(l.prefix), count: 0n, children: new Map() };
  const delim = text(l.delimiter);
  for (const e of l.entries) {
    root.count += e.count;
    const parts = text(e.key.subarray(l.prefix.length)).split(delim);
    // a directory's key ends with the delimiter: its last part is empty
    if (e.dir) parts.pop();
    let node = root;
    parts.forEach((part, i) => {
      const isDir = e.dir || i < parts.length - 1;
      const label = isDir ? `${part}${delim}` : part;
      let child = node.children.get(label);
      if (!child) {
        child = { label, count: 0n, children: new Map() };
        node.children.set(label, child);
      }
      child.count += e.count;
      node = child;
    });
  }
  const lines = [`${root.label || '(all keys)'} (${root.count} ${root.count === 1n ? 'key' : 'keys'})`];
  const draw = (node: Node, indent: string): void => {
    const kids = [...node.children.values()];
    kids.forEach((k, i) => {
      const last = i === kids.length - 1;
      const isDir = k.label.endsWith(delim) && delim !== '';
      lines.push(`${indent}${last ? '└── ' : '├── '}${k.label}${isDir ? ` (${k.count})` : ''}`);
      draw(k, `${indent}${last ? '    ' : '│   '}`);
    });
  };
  draw(root, '');
  return `${lines.join('\n')}\n`;
}

// ---- the commands ------------------------------------------------------------------

type LsOpts = FlagOpts<ReturnType<typeof lsFlags>>;

async function run(inv: Invocation, opts: LsOpts, render: (l: Listing) => string): Promise<void> {
  const name = inv.command.name();
  if (inv.args.length > 1) throw new CliError(ExitCode.BadArgs, `${name} takes at most one argument (a key prefix)`);
  const delimiter = Buffer.from(opts.delimiter);
  const depthFlag = opts.depth;
  if (depthFlag < 0n) throw new CliError(ExitCode.BadArgs, `--depth must be 0 (no limit) or more, not ${depthFlag}`);
  if (delimiter.length === 0) throw new CliError(ExitCode.BadArgs, '--delimiter must not be empty');
  const depth = Number(depthFlag);
  // `ls /app` lists what is under /app/ (a prefix given without its trailing delimiter gets one)
  let prefix = Buffer.from(inv.args[0] ?? '');
  if (
    prefix.length > 0 &&
    delimiter.length > 0 &&
    !prefix.subarray(prefix.length - delimiter.length).equals(delimiter)
  ) {
    prefix = Buffer.concat([prefix, delimiter]);
  }
  const cfg = inv.globals();
  if (cfg.writeOut !== 'simple' && cfg.writeOut !== 'json') {
    throw new CliError(ExitCode.BadFeature, `${name} prints -w simple or -w json, not ${goQuote(cfg.writeOut)}`);
  }
  const client = await inv.connect();
  let n = 0;
  const listing = await walk(
    async (req) => {
      const resp = await client.unary(KV.range, req, { deadline: inv.flagDeadline() });
      n++;
      if (cfg.debug) {
        const more = resp.more ? ', more' : '';
        inv.io.stderr.write(
          `${name}: range ${n} key=${goQuote(req.key)} range_end=${goQuote(req.range_end)} limit=${req.limit} rev=${req.revision}: ${resp.kvs.length} keys, count ${resp.count}${more}\n`,
        );
      }
      return resp;
    },
    prefix,
    delimiter,
    depth,
  );
  inv.io.stdout.write(cfg.writeOut === 'json' ? renderJson(listing) : render(listing));
}

const lsFlags = (depthDefault: bigint, depthUsage: string) => ({
  depth: flag.int(depthUsage, depthDefault),
  delimiter: flag.string('the byte string that separates the levels of a key', '/'),
});

export function lsCommand(): EtcdCommand {
  return defineCommand({
    use: 'ls [options] [prefix]',
    short: 'Lists the next level of keys under a prefix, with key counts',
    long: `Lists the children of PREFIX (default: the whole keyspace): the keys right under it and,
for each deeper "directory" (a key part ending with the delimiter), its name and the number
of keys under it. PREFIX gets a trailing delimiter when it has none. All ranges are
keys-only and read one revision; a directory's keys are counted, never transferred.`,
    extension: true,
    flags: lsFlags(1n, 'levels to list under the prefix (0: every key)'),
    run: (inv, opts) => run(inv, opts, renderLs),
  });
}

export function treeCommand(): EtcdCommand {
  return defineCommand({
    use: 'tree [options] [prefix]',
    short: 'Draws the keys under a prefix as a tree, with key counts',
    long: `Draws the keys under PREFIX (default: the whole keyspace) as a tree split on the
delimiter; each directory shows its number of keys. --depth N stops after N levels
(the deepest directories are then counted, not read).`,
    extension: true,
    flags: lsFlags(0n, 'levels to draw (0: no limit)'),
    run: (inv, opts) => run(inv, opts, renderTree),
  });
}
