// -w jsonl / -w raw wiring (extension, issue 11 items 2-3): the --separator escapes, the raw
// encoders, get's and watch's jsonl/raw renderers, the progress line, and which commands take
// which extension format (everything else refuses it with etcdctl's text shape, exit 4).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSeparator, rawItems, rawKvs, rawPutValues } from '../../src/output/raw';
import { jsonlProgress } from '../../src/output/jsonl';
import { render } from '../../src/output/printer';
import { getRenderers } from '../../src/output/kv';
import { progressText, watchRenderers } from '../../src/output/watch';
import { Event_EventType, type Event, type KeyValue } from '../../src/proto/gen/kv';
import { RangeResponse } from '../../src/proto/gen/rpc';
import { CliError, ExitCode } from '../../src/errors';
import { buildProgram } from '../../src/program';
import { findCommand } from '../../src/cli/parse';
import { outputFormatError } from '../../src/cli/formats';
import { EXTENSION_FORMATS, OUTPUT_FORMATS } from '../../src/settings';
import { GLOBAL_FLAGS } from '../../src/cli/globals';
import { checkGetExtensionFormat, rawSeparator } from '../../src/commands/output-ext';
import type { EtcdCommand } from '../../src/cli/command';
import type { WatchView } from '../../src/watch-types';

const kv = (key: string | Buffer, value: string | Buffer, mod = 3n): KeyValue => ({
  key: Buffer.from(key),
  value: Buffer.from(value),
  create_revision: 2n,
  mod_revision: mod,
  version: 1n,
  lease: 0n,
});

const badArgs = (message: string) => (e: unknown) =>
  e instanceof CliError && e.code === ExitCode.BadArgs && e.message === message;

describe('--separator', () => {
  test('\\n \\t \\0 \\\\ are unescaped, everything else is the text as UTF-8', () => {
    assert.deepEqual(parseSeparator(''), Buffer.alloc(0));
    assert.deepEqual(parseSeparator('\\n'), Buffer.from([0x0a]));
    assert.deepEqual(parseSeparator('\\0'), Buffer.from([0x00]));
    assert.deepEqual(parseSeparator('a\\tb\\\\c\\n'), Buffer.from('a\tb\\c\n'));
    assert.deepEqual(parseSeparator('\\\\n'), Buffer.from('\\n'));
    assert.deepEqual(parseSeparator('--é--'), Buffer.from('--é--'));
  });

  test('an unknown escape or a lone trailing backslash is a bad argument (exit 128)', () => {
    assert.throws(() => parseSeparator('\\x'), badArgs('--separator: unknown escape \\x (known: \\n \\t \\0 \\\\)'));
    assert.throws(() => parseSeparator('ab\\r'), badArgs('--separator: unknown escape \\r (known: \\n \\t \\0 \\\\)'));
    assert.throws(() => parseSeparator('a\\'), badArgs('--separator ends with a lone \\ (write \\\\ for a backslash)'));
  });

  test('only with -w raw', () => {
    assert.deepEqual(rawSeparator('raw', { separator: '\\0' }), Buffer.from([0]));
    assert.deepEqual(rawSeparator('simple', { separator: '' }), Buffer.alloc(0));
    for (const f of ['simple', 'json', 'jsonl', 'fields'] as const) {
      assert.throws(() => rawSeparator(f, { separator: ',' }), badArgs('--separator is only for `--write-out=raw`'));
    }
  });
});

describe('raw encoders', () => {
  test('items back to back without a separator, each followed by it otherwise (no trailing newline)', () => {
    const items = [Buffer.from('a'), Buffer.alloc(0), Buffer.from([0, 255])];
    assert.deepEqual(rawItems(items, Buffer.alloc(0)), Buffer.from([0x61, 0, 255]));
    assert.deepEqual(rawItems(items, Buffer.from('\n')), Buffer.from([0x61, 10, 10, 0, 255, 10]));
    assert.deepEqual(rawItems([], Buffer.from('\n')), Buffer.alloc(0));
  });

  test('get: values or keys; watch: PUT values only', () => {
    const kvs = [kv('k1', 'v1'), kv('k2', '')];
    assert.equal(rawKvs(kvs, true, Buffer.from(',')).toString(), 'v1,,');
    assert.equal(rawKvs(kvs, false, Buffer.alloc(0)).toString(), 'k1k2');
    const events: Event[] = [
      { type: Event_EventType.PUT, kv: kv('k', 'a'), prev_kv: undefined },
      { type: Event_EventType.DELETE, kv: kv('k', ''), prev_kv: kv('k', 'a') },
      { type: Event_EventType.PUT, kv: kv('k', ''), prev_kv: undefined },
    ];
    assert.equal(rawPutValues(events, Buffer.from('|')).toString(), 'a||');
  });
});

describe('get renderers', () => {
  const resp = RangeResponse.fromPartial({ kvs: [kv('a', '1'), kv(Buffer.from([0xff]), '2')], count: 2n });

  test('jsonl: a line per key, keys-only leaves the value out, count-only is the count', () => {
    const lines = String(render(getRenderers, 'jsonl', { resp, printValueOnly: false }, { hex: false, compat: '3.6' }))
      .split('\n')
      .slice(0, -1)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(lines[0], { key: 'a', create_revision: 2, mod_revision: 3, version: 1, value: '1', lease: null });
    assert.equal(lines[1].key, '/w==');
    assert.equal(lines[1].key_encoding, 'base64');
    const keys = String(
      render(getRenderers, 'jsonl', { resp, printValueOnly: false, keysOnly: true }, { hex: true, compat: '3.6' }),
    );
    assert.ok(!keys.includes('"value"'));
    assert.equal(
      render(getRenderers, 'jsonl', { resp, printValueOnly: false, countOnly: true }, { hex: false, compat: '3.6' }),
      '{"count":2}\n',
    );
  });

  test('raw: the exact values or keys, --hex does not apply', () => {
    const values = render(
      getRenderers,
      'raw',
      { resp, printValueOnly: true, separator: Buffer.from([0]) },
      { hex: true, compat: '3.6' },
    );
    assert.deepEqual(values, Buffer.from('1\x002\x00', 'latin1'));
    const keys = render(getRenderers, 'raw', { resp, printValueOnly: false }, { hex: false, compat: '3.6' });
    assert.deepEqual(keys, Buffer.from([0x61, 0xff]));
  });

  test('extension format checks, before the RPC', () => {
    const f = { keysOnly: false, countOnly: false, printValueOnly: false };
    checkGetExtensionFormat('jsonl', f);
    checkGetExtensionFormat('jsonl', { ...f, countOnly: true });
    checkGetExtensionFormat('jsonl', { ...f, keysOnly: true });
    checkGetExtensionFormat('raw', { ...f, keysOnly: true });
    checkGetExtensionFormat('raw', { ...f, printValueOnly: true });
    // etcdctl's formats are checked after the RPC, with etcdctl's texts (commands/kv.ts)
    checkGetExtensionFormat('json', { ...f, printValueOnly: true });
    assert.throws(
      () => checkGetExtensionFormat('jsonl', { ...f, printValueOnly: true }),
      badArgs('print-value-only is only for `--write-out=simple` and `--write-out=raw`'),
    );
    assert.throws(
      () => checkGetExtensionFormat('raw', f),
      badArgs('`--write-out=raw` needs `--print-value-only` (values) or `--keys-only` (keys)'),
    );
    assert.throws(
      () => checkGetExtensionFormat('raw', { ...f, keysOnly: true, printValueOnly: true }),
      badArgs(
        '`--print-value-only` and `--keys-only` cannot be set at the same time with `--write-out=raw`, choose one',
      ),
    );
    assert.throws(
      () => checkGetExtensionFormat('raw', { ...f, countOnly: true }),
      badArgs('--count-only is only for `--write-out=fields` and `--write-out=jsonl`'),
    );
  });
});

describe('watch renderers', () => {
  const v: WatchView = {
    header: { cluster_id: 1n, member_id: 2n, revision: 9n, raft_term: 1n },
    events: [
      { type: Event_EventType.PUT, kv: kv('k', 'new', 8n), prev_kv: kv('k', 'old') },
      { type: Event_EventType.DELETE, kv: kv('k', '', 9n), prev_kv: undefined },
    ],
    compactRevision: 0n,
    canceled: false,
    created: false,
  };

  test('jsonl: a line per event; raw: PUT values', () => {
    const lines = String(render(watchRenderers(), 'jsonl', v, { hex: false, compat: '3.6' }))
      .split('\n')
      .slice(0, -1)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      lines.map((l) => [l.type, l.value, l.mod_revision]),
      [
        ['PUT', 'new', 8],
        ['DELETE', '', 9],
      ],
    );
    assert.equal((lines[0].prev_kv as { value: string }).value, 'old');
    assert.equal(
      String(render(watchRenderers(undefined, Buffer.from('\n')), 'raw', v, { hex: false, compat: '3.6' })),
      'new\n',
    );
    assert.equal(render(watchRenderers(), 'jsonl', { ...v, events: null }, { hex: false, compat: '3.6' }), '');
  });

  test('progress notification: etcdctl line, jsonl object, nothing in raw', () => {
    assert.equal(progressText(v, 'simple'), 'progress notify: 9\n');
    assert.equal(progressText(v, 'json'), 'progress notify: 9\n');
    assert.equal(progressText(v, 'jsonl'), '{"type":"PROGRESS","revision":9}\n');
    assert.equal(progressText(v, 'raw'), '');
    assert.equal(jsonlProgress(9007199254740993n), '{"type":"PROGRESS","revision":"9007199254740993"}\n');
  });
});

describe('which commands take which -w value', () => {
  const JSONL = [
    'endpoint health',
    'endpoint status',
    'get',
    'lease list',
    'member list',
    'role list',
    'user list',
    'watch',
  ];
  const all = (c: EtcdCommand): EtcdCommand[] => [c, ...c.subcommands.flatMap(all)];

  for (const compat of ['3.6', '3.7'] as const) {
    test(`${compat}: jsonl on the eight commands, raw on get and watch, etcdctl's formats everywhere`, () => {
      const root = buildProgram(compat);
      const runnable = all(root).filter((c) => c.runnable);
      const takes = (f: string) =>
        runnable
          .filter((c) => !c.extension && outputFormatError(f, c) === undefined)
          .map((c) => c.path.join(' '))
          .sort();
      assert.deepEqual(takes('jsonl'), JSONL);
      assert.deepEqual(takes('raw'), ['get', 'watch']);
      for (const f of OUTPUT_FORMATS) assert.equal(takes(f).length, runnable.filter((c) => !c.extension).length);
      // batch passes an inherited -w on to its lines
      assert.equal(outputFormatError('jsonl', findCommand(root, ['batch']).command), undefined);
    });
  }

  test('refused elsewhere with etcdctl\'s "not supported as output format" shape, exit 4', () => {
    const root = buildProgram('3.6');
    const put = findCommand(root, ['put']).command;
    const e = outputFormatError('jsonl', put);
    assert.ok(e instanceof CliError);
    assert.equal(e.code, ExitCode.BadFeature);
    assert.equal(
      e.message,
      `jsonl not supported as output format of "put" (an extension format of ${JSONL.join(', ')})`,
    );
    const raw = outputFormatError('raw', findCommand(root, ['member', 'list']).command);
    assert.equal(
      raw?.message,
      'raw not supported as output format of "member list" (an extension format of get, watch)',
    );
    // an unknown value keeps etcdctl's text
    assert.equal(outputFormatError('bogus', put)?.message, 'unsupported output format');
    assert.equal(outputFormatError('JSONL', put)?.message, 'unsupported output format');
    assert.equal(outputFormatError('jsonl', undefined)?.message, 'unsupported output format');
  });

  test("etcdctl's list of formats and -w usage are unchanged", () => {
    assert.deepEqual([...OUTPUT_FORMATS], ['simple', 'json', 'fields', 'protobuf', 'table']);
    assert.deepEqual([...EXTENSION_FORMATS], ['jsonl', 'raw']);
    const w = GLOBAL_FLAGS.find((f) => f.name === 'write-out');
    assert.equal(w?.usage, 'set the output format (fields, json, protobuf, simple, table)');
    assert.equal(w?.extension, undefined);
  });
});
