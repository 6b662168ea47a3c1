// check perf / datascale workload pieces: load models and aliases, the key
// layout (encoding/binary.PutVarint), the burst-1 rate limiter, pkg/report's
// statistics, and the bounded worker pool.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DATASCALE_MODELS,
  PERF_MODELS,
  RateLimiter,
  Recorder,
  putVarint,
  randomInt63,
  resolveLoad,
  runWorkload,
  workloadKey,
} from '../../src/recipes/workload';

describe('load models', () => {
  test("aliases are etcdctl's, case-sensitive", () => {
    for (const [v, want] of [
      ['s', 's'],
      ['small', 's'],
      ['m', 'm'],
      ['medium', 'm'],
      ['l', 'l'],
      ['large', 'l'],
      ['xl', 'xl'],
      ['xLarge', 'xl'],
    ] as const) {
      assert.equal(resolveLoad(v), want, v);
    }
    for (const v of ['S', 'XL', 'xlarge', 'Small', '', 'x', 'toString', '__proto__'])
      assert.equal(resolveLoad(v), undefined, v);
  });

  test('perf and datascale configurations (docs/etcdctl-behaviour.md §10.8, §10.9)', () => {
    assert.deepEqual(PERF_MODELS, {
      s: { limit: 150, clients: 50, duration: 60 },
      m: { limit: 1000, clients: 200, duration: 60 },
      l: { limit: 8000, clients: 500, duration: 60 },
      xl: { limit: 15000, clients: 1000, duration: 60 },
    });
    assert.deepEqual(DATASCALE_MODELS, {
      s: { limit: 10000, kvSize: 1024, clients: 50 },
      m: { limit: 100000, kvSize: 1024, clients: 200 },
      l: { limit: 1000000, kvSize: 1024, clients: 500 },
      xl: { limit: 3000000, kvSize: 1024, clients: 1000 },
    });
  });
});

describe('keys', () => {
  // Expected bytes: Go's binary.PutVarint (zig-zag, then LEB128).
  const cases: [bigint, number[]][] = [
    [0n, [0x00]],
    [1n, [0x02]],
    [-1n, [0x01]],
    [63n, [0x7e]],
    [64n, [0x80, 0x01]],
    [-64n, [0x7f]],
    [300n, [0xd8, 0x04]],
    [2n ** 63n - 2n, [0xfc, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
    [-(2n ** 63n), [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
  ];
  for (const [v, bytes] of cases) {
    test(`PutVarint(${v})`, () => {
      const buf = new Uint8Array(16);
      const n = putVarint(buf, v);
      assert.deepEqual([...buf.subarray(0, n)], bytes);
    });
  }

  test('key = prefix + fixed-size buffer starting with the varint, rest zero', () => {
    const k = workloadKey('/etcdctl-check-perf/', 256, 300n);
    assert.equal(k.length, '/etcdctl-check-perf/'.length + 256);
    assert.equal(k.subarray(0, 20).toString(), '/etcdctl-check-perf/');
    assert.deepEqual([...k.subarray(20, 23)], [0xd8, 0x04, 0x00]);
    assert.ok(k.subarray(22).every((b) => b === 0));
    assert.equal(workloadKey('/p/', 512).length, 515);
  });

  test('random values are in [0, 2^63-1)', () => {
    for (let i = 0; i < 200; i++) {
      const v = randomInt63();
      assert.ok(v >= 0n && v < 2n ** 63n - 1n);
    }
  });
});

describe('RateLimiter (x/time/rate, burst 1)', () => {
  test('successive reservations are 1/rate apart; idle time is not saved up', () => {
    let now = 1000;
    const lim = new RateLimiter(100, () => now); // 10 ms interval
    assert.equal(lim.reserve(), 1000);
    assert.equal(lim.reserve(), 1010);
    assert.equal(lim.reserve(), 1020);
    now = 2000; // long idle: one request at once, then the rate again
    assert.equal(lim.reserve(), 2000);
    assert.equal(lim.reserve(), 2010);
  });
});

describe('Recorder (pkg/report statistics)', () => {
  test('rps, slowest, average, population stddev; errors counted by text', () => {
    const r = new Recorder();
    for (const s of [0.1, 0.2, 0.3, 0.4]) r.ok(s);
    r.fail('etcdserver: request timed out');
    r.fail('etcdserver: request timed out');
    r.fail('context deadline exceeded');
    const st = r.stats(2);
    assert.equal(st.rps, 2);
    assert.equal(st.slowest, 0.4);
    assert.ok(Math.abs(st.average - 0.25) < 1e-12);
    assert.ok(Math.abs(st.stddev - Math.sqrt(0.0125)) < 1e-12);
    assert.deepEqual(
      [...st.errors],
      [
        ['etcdserver: request timed out', 2],
        ['context deadline exceeded', 1],
      ],
    );
  });

  test('no success: NaN average and stddev, slowest 0 (Go prints NaN)', () => {
    const st = new Recorder().stats(1);
    assert.equal(st.rps, 0);
    assert.equal(st.slowest, 0);
    assert.ok(Number.isNaN(st.stddev));
    assert.ok(Number.isNaN(st.average));
  });
});

describe('runWorkload', () => {
  test('a counted workload runs every request with at most `concurrency` in flight', async () => {
    let issued = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    const seen: number[] = [];
    const stats = await runWorkload({
      concurrency: 4,
      signal: new AbortController().signal,
      next: () => (issued < 25 ? issued++ : undefined),
      execute: async (n) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 2));
        seen.push(n);
        inFlight--;
        if (n % 10 === 3) throw new Error('boom');
      },
      errorText: (e) => (e as Error).message,
    });
    assert.equal(seen.length, 25);
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      Array.from({ length: 25 }, (_, i) => i),
    );
    assert.equal(maxInFlight, 4);
    assert.deepEqual([...stats.errors], [['boom', 3]]);
    assert.ok(stats.rps > 0);
  });

  test('a rate-limited workload stops at its end time and honours the rate', async () => {
    let count = 0;
    const start = performance.now();
    const stats = await runWorkload({
      concurrency: 5,
      limiter: new RateLimiter(200),
      endsAt: start + 300,
      signal: new AbortController().signal,
      next: () => count++,
      execute: async () => undefined,
      errorText: String,
    });
    // 200/s for 0.3 s: 60 slots (the first at once).
    assert.ok(count >= 55 && count <= 61, `count ${count}`);
    assert.equal(stats.errors.size, 0);
    assert.ok(performance.now() - start < 1000);
  });

  test('an abort stops new requests; those in flight complete', async () => {
    const ac = new AbortController();
    let started = 0;
    let finished = 0;
    const p = runWorkload({
      concurrency: 3,
      limiter: new RateLimiter(1000),
      endsAt: performance.now() + 60_000,
      signal: ac.signal,
      next: () => started++,
      execute: async () => {
        await new Promise((r) => setTimeout(r, 20));
        finished++;
      },
      errorText: String,
    });
    setTimeout(() => ac.abort(), 50);
    await p;
    assert.equal(finished, started);
    assert.ok(started > 0 && started < 60, `started ${started}`);
  });
});
