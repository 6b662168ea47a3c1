// check perf / datascale result lines (docs/etcdctl-behaviour.md §10.8, §10.9; texts and thresholds
// from etcdctl's check.go) and the /metrics parsing of check datascale.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { datascaleStart, datascaleVerdict, perfVerdict, type WorkloadStats } from '../../src/output/maintenance';
import { residentMemoryOf } from '../../src/commands/check';

const stats = (o: Partial<WorkloadStats>): WorkloadStats => ({
  rps: 150,
  slowest: 0.054221,
  stddev: 0.002342,
  average: 0.01,
  errors: new Map(),
  ...o,
});

describe('perfVerdict', () => {
  test('all pass (the observed 3.4 tail)', () => {
    // 149.6 writes/s: int(rps)+1 = 150.
    assert.deepEqual(perfVerdict(stats({ rps: 149.6 }), 150), {
      text: 'PASS: Throughput is 150 writes/s\nPASS: Slowest request took 0.054221s\nPASS: Stddev is 0.002342s\nPASS\n',
      ok: true,
    });
  });

  test('throughput exactly 90 % of the limit fails (<= 0.9)', () => {
    const r = perfVerdict(stats({ rps: 135 }), 150);
    assert.equal(r.ok, false);
    assert.equal(r.text.split('\n')[0], 'FAIL: Throughput too low: 136 writes/s');
    assert.equal(r.text.split('\n').at(-2), 'FAIL');
  });

  test('slow and unsteady requests; errors listed first', () => {
    const errors = new Map([
      ['etcdserver: request timed out', 3],
      ['context deadline exceeded', 1],
    ]);
    const r = perfVerdict(stats({ rps: 1000, slowest: 0.5000001, stddev: 0.25, errors }), 1000);
    assert.deepEqual(r, {
      text:
        'FAIL: too many errors\n' +
        'FAIL: ERROR(etcdserver: request timed out) -> 3\n' +
        'FAIL: ERROR(context deadline exceeded) -> 1\n' +
        'PASS: Throughput is 1001 writes/s\n' +
        'Slowest request took too long: 0.500000s\n' +
        'Stddev too high: 0.250000s\n' +
        'FAIL\n',
      ok: false,
    });
  });

  test('boundaries: slowest 0.5 s and stddev 0.1 s still pass', () => {
    const r = perfVerdict(stats({ rps: 8000, slowest: 0.5, stddev: 0.1 }), 8000);
    assert.equal(
      r.text,
      'PASS: Throughput is 8001 writes/s\nPASS: Slowest request took 0.500000s\nPASS: Stddev is 0.100000s\nPASS\n',
    );
  });

  test('nothing succeeded: Go prints NaN, compares false', () => {
    const r = perfVerdict(stats({ rps: 0, slowest: 0, stddev: NaN, errors: new Map([['x', 5]]) }), 150);
    assert.equal(
      r.text,
      'FAIL: too many errors\nFAIL: ERROR(x) -> 5\nFAIL: Throughput too low: 1 writes/s\nPASS: Slowest request took 0.000000s\nPASS: Stddev is NaNs\nFAIL\n',
    );
  });

  test('%f rounds half to even on the exact binary value', () => {
    assert.match(perfVerdict(stats({ slowest: 0.0000005 }), 150).text, /took 0\.000000s/);
    assert.match(perfVerdict(stats({ slowest: 0.0000015 }), 150).text, /took 0\.000002s/);
  });
});

describe('datascale', () => {
  test('start line', () => {
    assert.equal(
      datascaleStart(10000, 1024, 50),
      'Start data scale check for work load [10000 key-value pairs, 1024 bytes per key-value, 50 concurrent clients].\n',
    );
  });

  test('memory used in MiB with two decimals', () => {
    assert.deepEqual(datascaleVerdict(stats({}), 50 * 1024 * 1024, 62.5 * 1024 * 1024), {
      text: 'PASS: Approximate system memory used : 12.50 MB.\n',
      ok: true,
    });
    // Negative growth is printed as is.
    assert.equal(
      datascaleVerdict(stats({}), 2 * 1048576, 1048576).text,
      'PASS: Approximate system memory used : -1.00 MB.\n',
    );
  });

  test('errors fail without the memory line', () => {
    assert.deepEqual(
      datascaleVerdict(stats({ errors: new Map([['etcdserver: mvcc: database space exceeded', 7]]) }), 1, 2),
      {
        text: 'FAIL: too many errors\nFAIL: ERROR(etcdserver: mvcc: database space exceeded) -> 7\n',
        ok: false,
      },
    );
  });
});

describe('residentMemoryOf (/metrics)', () => {
  const body = [
    '# HELP process_resident_memory_bytes Resident memory size in bytes.',
    '# TYPE process_resident_memory_bytes gauge',
    'process_resident_memory_bytes 2.6165248e+07',
    'process_start_time_seconds 1.7e+09',
    '',
  ].join('\n');

  test('first line starting with the metric name; float value', () => {
    assert.deepEqual(residentMemoryOf(body), { bytes: 26165248 });
    assert.deepEqual(residentMemoryOf('process_resident_memory_bytes  123\t\n'), { bytes: 123 });
  });

  test('missing metric', () => {
    assert.deepEqual(residentMemoryOf('# nothing here\nfoo 1\n'), {
      message: 'could not find: process_resident_memory_bytes',
    });
    assert.deepEqual(residentMemoryOf('process_resident_memory_bytes\n'), {
      message: 'could not find: process_resident_memory_bytes',
    });
  });

  test('unparsable value: strconv.ParseFloat text', () => {
    assert.deepEqual(residentMemoryOf('process_resident_memory_bytes 12MB\n'), {
      message: 'parse error: strconv.ParseFloat: parsing "12MB": invalid syntax',
    });
  });
});
