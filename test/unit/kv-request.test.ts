// get/put/del: arguments and flags -> request, with etcdctl's validation order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildDelRequest,
  buildGetRequest,
  buildPutRequest,
  DEL_FLAGS,
  GET_FLAGS,
  PUT_FLAGS,
  type GetFlags,
} from '../../src/commands/kv';
import { defaultOpts } from '../../src/cli/flags';
import { CliError } from '../../src/errors';
import { RangeRequest_SortOrder as Order, RangeRequest_SortTarget as Target } from '../../src/proto/gen/rpc';

const defaults = defaultOpts(GET_FLAGS);
const get = (args: string[], f: Partial<GetFlags> = {}) => buildGetRequest(args, { ...defaults, ...f });

function fails(fn: () => unknown, code: number, message: string): void {
  assert.throws(fn, (e: unknown) => e instanceof CliError && e.code === code && e.message === message);
}

test('prefix range end increments the last byte below 0xff', () => {
  const r = get(['p/'], { prefix: true });
  assert.deepEqual([r.key.toString(), r.range_end.toString()], ['p/', 'p0']);
  const ff = get(['a\u00ff'], { prefix: true }); // UTF-8: 61 c3 bf
  assert.deepEqual([...ff.range_end], [0x61, 0xc3, 0xc0]);
});

test('empty key with --prefix or --from-key covers the whole keyspace', () => {
  for (const f of [{ prefix: true }, { fromKey: true }]) {
    const r = get([''], f);
    assert.deepEqual([[...r.key], [...r.range_end]], [[0], [0]]);
  }
  assert.deepEqual([...get(['k'], { fromKey: true }).range_end], [0]);
});

test('sort: (KEY, ASCEND) is sent as NONE; --sort-by alone keeps order NONE', () => {
  assert.equal(get(['k'], { order: 'ascend' }).sort_order, Order.NONE);
  assert.equal(get(['k'], { order: 'DESCEND' }).sort_order, Order.DESCEND);
  const v = get(['k'], { sortBy: 'value' });
  assert.deepEqual([v.sort_target, v.sort_order], [Target.VALUE, Order.NONE]);
  assert.equal(get(['k'], { sortBy: 'MODIFY', order: 'ASCEND' }).sort_order, Order.ASCEND);
});

test('revision and min/max only when > 0; serializable from --consistency=s', () => {
  const r = get(['k'], { rev: -5n, consistency: 's', minModRev: 3n, maxCreateRev: 9n });
  assert.deepEqual([r.revision, r.serializable, r.min_mod_revision, r.max_create_revision], [0n, true, 3n, 9n]);
});

test('get validation order and texts', () => {
  fails(() => get([]), 128, 'get command needs one argument as key and an optional argument as range_end');
  fails(
    () => get(['k'], { prefix: true, fromKey: true, consistency: 'x' }),
    128,
    '`--prefix` and `--from-key` cannot be set at the same time, choose one',
  );
  fails(
    () => get(['k'], { keysOnly: true, countOnly: true }),
    128,
    '`--keys-only` and `--count-only` cannot be set at the same time, choose one',
  );
  fails(() => get(['k', 'z'], { consistency: 'x', prefix: true }), 4, 'unknown consistency flag "x"');
  fails(
    () => get(['k', 'z'], { prefix: true, order: 'bad' }),
    128,
    'too many arguments, only accept one argument when `--prefix` or `--from-key` is set',
  );
  fails(() => get(['k'], { order: 'Up', sortBy: 'bad' }), 4, 'bad sort order Up');
  fails(() => get(['k'], { sortBy: 'Size' }), 4, 'bad sort target Size');
  fails(() => get(['k'], { minCreateRev: 5n, maxCreateRev: 2n }), 4, 'getMinCreateRev(=5) > getMaxCreateRev(=2)');
  fails(() => get(['k'], { minModRev: 5n, maxModRev: 2n }), 4, 'getMinModRev(=5) > getMaxModRev(=2)');
  assert.equal(get(['k'], { minCreateRev: 5n }).min_create_revision, 5n);
});

const putDefaults = defaultOpts(PUT_FLAGS);
const noStdin = async () => Buffer.alloc(0);

test('put: value from args, else all of stdin; lease in hex', async () => {
  const r = await buildPutRequest(['k', 'v', 'ignored'], { ...putDefaults, lease: '1f' }, noStdin);
  assert.deepEqual([r.key.toString(), r.value.toString(), r.lease], ['k', 'v', 31n]);
  const s = await buildPutRequest(['k'], putDefaults, async () => Buffer.from('line\n'));
  assert.equal(s.value.toString(), 'line\n');
});

test('put errors', async () => {
  const needs = 'put command needs 1 argument and input from stdin or 2 arguments';
  await assert.rejects(
    buildPutRequest([], putDefaults, noStdin),
    (e: unknown) => e instanceof CliError && e.code === 128 && e.message === needs,
  );
  await assert.rejects(
    buildPutRequest(['k'], putDefaults, noStdin),
    (e: unknown) => e instanceof CliError && e.message === needs,
  );
  await assert.rejects(
    buildPutRequest(['k', 'v'], { ...putDefaults, ignoreValue: true }, noStdin),
    (e: unknown) =>
      e instanceof CliError && e.message === "put command needs only 1 argument when 'ignore-value' is set",
  );
  await assert.rejects(
    buildPutRequest(['k', 'v'], { ...putDefaults, lease: 'zz' }, noStdin),
    (e: unknown) =>
      e instanceof CliError &&
      e.code === 128 &&
      e.message === 'bad lease ID (strconv.ParseInt: parsing "zz": invalid syntax), expecting ID in Hex',
  );
  const r = await buildPutRequest(['k'], { ...putDefaults, ignoreValue: true }, noStdin);
  assert.equal(r.ignore_value, true);
});

test('del: argument count, exclusivity, and the 3.6 range warning', () => {
  const d = defaultOpts(DEL_FLAGS);
  fails(
    () => buildDelRequest([], d),
    128,
    'del command needs one argument as key and an optional argument as range_end',
  );
  fails(
    () => buildDelRequest(['a', 'b', 'c'], d),
    128,
    'del command needs one argument as key and an optional argument as range_end',
  );
  fails(
    () => buildDelRequest(['a', 'b'], { ...d, prefix: true }),
    128,
    'too many arguments, only accept one argument when `--prefix` or `--from-key` is set',
  );
  const { req, warning } = buildDelRequest(['a', 'c'], d);
  assert.deepEqual([req.key.toString(), req.range_end.toString()], ['a', 'c']);
  assert.equal(
    warning,
    'Warning: Keys between "a" and "c" will be deleted. Please interrupt the command within next 2 seconds to cancel. You can provide `--range` flag to avoid the delay.\n',
  );
  assert.equal(buildDelRequest(['a', 'c'], { ...d, range: true }).warning, undefined);
});
