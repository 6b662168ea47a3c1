#!/usr/bin/env node
// Generates test/data/bad-input.jsonl, the bad-input corpus (issue 14 item 5): malformed
// invocations with the exit code and stderr pattern each must give, plus the few valid
// commands whose writes the corpus test checks in the keyspace afterwards. Seeded PRNG:
// the same script always writes the same bytes (test/integration/bad-input.test.ts fails
// when the committed file is stale). The server runs with --max-request-bytes=MAX_REQUEST.
//   node scripts/gen-bad-input.mjs          write the file
//   node scripts/gen-bad-input.mjs --stdout print it instead
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MAX_REQUEST = 4096;
const SEED = 0x14c0ffee;
const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test', 'data', 'bad-input.jsonl');

/** mulberry32: small, seeded, good enough for test data. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(SEED);
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = (xs) => xs[int(0, xs.length - 1)];
const word = (n, alphabet = 'ghijklmnopqrstuvwxyz') => Array.from({ length: n }, () => pick([...alphabet])).join('');
const hex = (n) => Array.from({ length: n }, () => pick([...'0123456789abcdef'])).join('');
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const cases = [];
/** One case: argv after the global --endpoints, optional stdin (bytes), exit code, stderr pattern, writes. */
function add(kind, argv, code, stderr, extra = {}) {
  const c = {
    id: `${kind}-${String(cases.filter((x) => x.kind === kind).length + 1).padStart(3, '0')}`,
    kind,
    argv,
    code,
    stderr,
  };
  if (extra.stdin !== undefined) c.stdin = Buffer.from(extra.stdin).toString('base64');
  if (extra.writes)
    c.writes = Object.fromEntries(Object.entries(extra.writes).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
  cases.push(c);
}

const BASE = [
  ['get', 'bad/k'],
  ['put', 'bad/k', 'v'],
  ['del', 'bad/k'],
  ['lease', 'grant', '10'],
  ['member', 'list'],
  ['endpoint', 'status'],
  ['compaction', '1'],
  ['lease', 'list'],
  ['alarm', 'list'],
  ['user', 'list'],
  ['role', 'list'],
];

// Unknown flags: cobra's text, etcdctl's usage on stdout, exit 1.
for (let i = 0; i < 50; i++) {
  const f = `--${word(int(3, 12))}${pick(['', '=1', '=x', `=${word(3)}`])}`;
  add('unknown-flag', [...pick(BASE), f], 1, `^Error: unknown flag: ${esc(f.split('=')[0])}\n`);
}
// Negative numbers read as shorthand flags.
for (let i = 0; i < 30; i++) {
  const n = int(1, 9);
  const cmd = pick([
    ['lease', 'grant'],
    ['compaction'],
    ['lease', 'revoke'],
    ['lease', 'timetolive'],
    ['member', 'remove'],
  ]);
  add('negative', [...cmd, `-${n}${int(0, 999)}`], 1, `^Error: unknown shorthand flag: '${n}' in -${n}`);
}
// Integer flags given words.
for (let i = 0; i < 40; i++) {
  const [cmd, f] = pick([
    [['get', 'bad/k'], 'limit'],
    [['get', 'bad/k'], 'rev'],
    [['watch', 'bad/k'], 'rev'],
  ]);
  const v = `${word(int(1, 6))}${pick(['', '1', '.5', '-'])}`;
  add('bad-int', [...cmd, `--${f}=${v}`], 1, `^Error: invalid argument "${esc(v)}" for "--${f}" flag: strconv\\.Parse`);
}
// Durations given words (global flags).
for (let i = 0; i < 20; i++) {
  const f = pick(['dial-timeout', 'command-timeout', 'keepalive-time', 'keepalive-timeout']);
  const v = `${word(int(1, 5))}${pick(['', 's', 'ms'])}`;
  add(
    'bad-duration',
    ['get', 'bad/k', `--${f}=${v}`],
    1,
    `^Error: invalid argument "${esc(v)}" for "--${f}" flag: time: invalid duration`,
  );
}
// Unknown output formats: exit 4 before anything is written.
for (let i = 0; i < 40; i++) {
  const fmt = pick(['yaml', 'xml', 'csv', 'JSON', 'Simple', 'tabel', word(int(1, 8))]);
  add(
    'format',
    [
      ...pick([
        ['get', 'bad/k'],
        ['put', `bad/fmt/${word(4)}`, 'v'],
        ['del', 'bad/k'],
        ['member', 'list'],
        ['endpoint', 'status'],
        ['lease', 'list'],
      ]),
      '-w',
      fmt,
    ],
    4,
    '^Error: unsupported output format\n',
  );
}
// Lease IDs: not hex, out of int64 range, or unknown to the server.
for (let i = 0; i < 25; i++) {
  const id = `${word(int(1, 8))}`;
  add(
    'lease-id',
    ['lease', pick(['revoke', 'timetolive', 'keep-alive']), id],
    128,
    `^Error: bad lease ID arg \\(strconv\\.ParseInt: parsing "${id}": invalid syntax\\), expecting ID in Hex\n`,
  );
}
for (let i = 0; i < 15; i++) {
  const id = `${pick(['8', 'f', '1'])}${hex(int(16, 22))}`;
  add(
    'lease-id-range',
    ['lease', pick(['revoke', 'timetolive']), id],
    128,
    `value out of range\\), expecting ID in Hex\n`,
  );
}
for (let i = 0; i < 15; i++) {
  const id = `${pick(['1', '2', '3', '4', '5', '6', '7'])}${hex(int(4, 14))}`;
  add(
    'lease-unknown',
    ['lease', 'revoke', id],
    1,
    `^Error: failed to revoke lease \\(etcdserver: requested lease not found\\)\n`,
  );
}
for (let i = 0; i < 10; i++) {
  const id = `${word(int(1, 6))}`;
  add(
    'put-lease',
    ['put', `bad/l/${word(4)}`, 'v', `--lease=${id}`],
    128,
    `^Error: bad lease ID \\(strconv\\.ParseInt: parsing "${id}": invalid syntax\\), expecting ID in Hex\n`,
  );
}
// Member IDs: not hex, or unknown.
for (let i = 0; i < 15; i++) {
  const id = word(int(1, 8));
  add(
    'member-id',
    ['member', 'remove', id],
    128,
    `^Error: bad member ID arg \\(strconv\\.ParseUint: parsing "${id}": invalid syntax\\), expecting ID in Hex\n`,
  );
}
for (let i = 0; i < 10; i++) {
  add(
    'member-unknown',
    ['member', 'remove', `${pick(['1', '2', '3'])}${hex(int(3, 12))}`],
    1,
    '^Error: etcdserver: member not found\n',
  );
}
// Sort and consistency values.
for (let i = 0; i < 15; i++) {
  const v = word(int(2, 7)).toUpperCase();
  const [f, text] = pick([
    ['sort-by', `bad sort target ${v}`],
    ['order', `bad sort order ${v}`],
    ['consistency', `unknown consistency flag "${v}"`],
  ]);
  add('enum', ['get', 'bad/k', `--${f}=${v}`], 4, `^Error: ${esc(text)}\n`);
}
// Missing arguments.
for (const argv of [
  ['get'],
  ['del'],
  ['put'],
  ['lease', 'revoke'],
  ['member', 'remove'],
  ['lease', 'timetolive'],
  ['get', '--prefix'],
]) {
  add('missing-arg', argv, 128, '^Error: ');
}
// Sizes: the server takes at most MAX_REQUEST bytes per request; a value of exactly that size
// (and one byte over, and more) makes a request over it.
for (const n of [MAX_REQUEST, MAX_REQUEST + 1, MAX_REQUEST * 2, MAX_REQUEST * 8]) {
  add('too-large', ['put', `bad/big/${n}`, 'a'.repeat(n)], 1, '^Error: etcdserver: request is too large\n');
}
add('too-large', ['put', `bad/big/${'k'.repeat(MAX_REQUEST)}`, 'v'], 1, '^Error: etcdserver: request is too large\n');
add('too-large', ['put', 'bad/big/stdin'], 1, '^Error: etcdserver: request is too large\n', {
  stdin: 'b'.repeat(MAX_REQUEST + 1),
});
// Valid writes: binary and invalid-UTF-8 values from stdin, a value well under the limit.
for (let i = 0; i < 8; i++) {
  const bytes = Buffer.from(Array.from({ length: int(1, 64) }, () => int(0x80, 0xff)));
  add('valid-binary', ['put', `ok/bin/${i}`], 0, '^$', { stdin: bytes, writes: { [`ok/bin/${i}`]: bytes } });
}
add('valid-size', ['put', 'ok/size', 'c'.repeat(MAX_REQUEST / 2)], 0, '^$', {
  writes: { 'ok/size': 'c'.repeat(MAX_REQUEST / 2) },
});
add('empty-key', ['put', '', 'v'], 1, '^Error: etcdserver: key is not provided\n');
// Malformed txn input (stdin).
for (let i = 0; i < 20; i++) {
  const line =
    `${pick(['mod', 'create', 'value', 'ver', 'lease', 'zz'])}(${pick(['"a"', '"a', 'a', ''])}) ${pick(['==', '=', '>', '<', '!=', '=>'])} ${pick(['x', '"x"', '1', ''])}`.replace(
      / +$/,
      '',
    );
  // Well-formed compares are not bad input here (a non-integer lease compare has its own text).
  if (/^(mod|create|value|ver|lease)\("a"\) (=|>|<|!=) ("x"|1)$/.test(line)) continue;
  add('txn-compare', ['txn'], 3, '^Error: (malformed comparison|invalid txn compare request): ', {
    stdin: `${line}\n\n\n`,
  });
}
for (let i = 0; i < 15; i++) {
  const op = `${pick(['zap', 'putt', 'delete', 'range', word(4)])} ${word(3)}`;
  add('txn-op', ['txn'], 3, `^Error: invalid txn request: ${esc(op)}\n`, { stdin: `\n${op}\n\n` });
}
// Malformed batch scripts (stdin): refused before any line runs are at their first line.
for (let i = 0; i < 20; i++) {
  const cmd = word(int(3, 8));
  add('batch-unknown', ['batch', '-'], 12, `^Error: batch line 1: unknown command "${cmd}"\n`, {
    stdin: `${cmd} a b\n`,
  });
}
for (let i = 0; i < 10; i++) {
  add('batch-quote', ['batch', '-'], 12, '^Error: batch line 1: unterminated (double|single) quote\n', {
    stdin: `get ${pick(['"', "'"])}${word(5)}\n`,
  });
}
for (let i = 0; i < 6; i++) {
  const key = `ok/batch/${i}`;
  add('batch-refused', ['batch', '-'], 12, '^Error: batch line 2: snapshot save ', {
    stdin: `put ${key} v${i}\nsnapshot save x\n`,
    writes: { [key]: `v${i}` },
  });
}

const text = cases.map((c) => JSON.stringify(c)).join('\n') + '\n';
if (process.argv.includes('--stdout')) process.stdout.write(text);
else {
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, text);
  console.error(`gen-bad-input: ${cases.length} cases in ${path.relative(process.cwd(), OUT)}`);
}
