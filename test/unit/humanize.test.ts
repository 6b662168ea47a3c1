import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goDuration, goFixed, humanizeBytes } from '../../src/go/humanize';

test('humanizeBytes: docs/etcdctl-behaviour.md §5.7 examples and observed sizes', () => {
  assert.equal(humanizeBytes(0), '0 B');
  assert.equal(humanizeBytes(9), '9 B');
  assert.equal(humanizeBytes(20480), '20 kB');
  assert.equal(humanizeBytes(16384), '16 kB');
  assert.equal(humanizeBytes(6000000), '6.0 MB');
  assert.equal(humanizeBytes(2147483648), '2.1 GB');
  assert.equal(humanizeBytes(430080n), '430 kB');
});

test('humanizeBytes: go-humanize test table', () => {
  assert.equal(humanizeBytes(1), '1 B');
  assert.equal(humanizeBytes(10), '10 B');
  assert.equal(humanizeBytes(803), '803 B');
  assert.equal(humanizeBytes(999), '999 B');
  assert.equal(humanizeBytes(1000), '1.0 kB');
  assert.equal(humanizeBytes(1024), '1.0 kB');
  assert.equal(humanizeBytes(9999), '10 kB');
  assert.equal(humanizeBytes(999999), '1000 kB');
  assert.equal(humanizeBytes(1000000), '1.0 MB');
  assert.equal(humanizeBytes(1048576), '1.0 MB');
  assert.equal(humanizeBytes(1000000000), '1.0 GB');
  assert.equal(humanizeBytes(1000000000000n), '1.0 TB');
  assert.equal(humanizeBytes(1000000000000000n), '1.0 PB');
  assert.equal(humanizeBytes(1000000000000000000n), '1.0 EB');
  assert.equal(humanizeBytes(18446744073709551615n), '18 EB');
});

test('humanizeBytes: %.0f rounds exact halves to even', () => {
  assert.equal(humanizeBytes(10500), '10 kB');
  assert.equal(humanizeBytes(11500), '12 kB');
  assert.equal(humanizeBytes(12500), '12 kB');
  assert.equal(humanizeBytes(13500), '14 kB');
  assert.equal(humanizeBytes(1250), '1.3 kB');
  assert.equal(humanizeBytes(1249), '1.2 kB');
});

test('humanizeBytes: negative values wrap like a uint64 conversion', () => {
  assert.equal(humanizeBytes(-1n), '18 EB');
});

test('goFixed: exact binary value, ties to even', () => {
  assert.equal(goFixed(0.5, 0), '0');
  assert.equal(goFixed(1.5, 0), '2');
  assert.equal(goFixed(2.5, 0), '2');
  assert.equal(goFixed(-2.5, 0), '-2');
  assert.equal(goFixed(0.125, 2), '0.12');
  assert.equal(goFixed(0.375, 2), '0.38');
  assert.equal(goFixed(1.005, 2), '1.00');
  assert.equal(goFixed(0.15, 1), '0.1');
  assert.equal(goFixed(0.25, 1), '0.2');
  assert.equal(goFixed(0.35, 1), '0.3');
  assert.equal(goFixed(0.45, 1), '0.5');
  assert.equal(goFixed(2.675, 2), '2.67');
  assert.equal(goFixed(1.1, 1), '1.1');
  assert.equal(goFixed(123.456, 6), '123.456000');
  assert.equal(goFixed(0.1, 20), '0.10000000000000000555');
  assert.equal(goFixed(1e21, 0), '1000000000000000000000');
  assert.equal(goFixed(5e-324, 3), '0.000');
  assert.equal(goFixed(0, 2), '0.00');
  assert.equal(goFixed(-0, 1), '-0.0');
  assert.equal(goFixed(-0.04, 1), '-0.0');
  assert.equal(goFixed(NaN, 1), 'NaN');
  assert.equal(goFixed(Infinity, 1), '+Inf');
  assert.equal(goFixed(-Infinity, 0), '-Inf');
});

test('goDuration: time.Duration.String()', () => {
  assert.equal(goDuration(0), '0s');
  assert.equal(goDuration(1), '1ns');
  assert.equal(goDuration(999), '999ns');
  assert.equal(goDuration(1000), '1\u00b5s');
  assert.equal(goDuration(1500), '1.5\u00b5s');
  assert.equal(goDuration(995764), '995.764\u00b5s');
  assert.equal(goDuration(1000000), '1ms');
  assert.equal(goDuration(1220695), '1.220695ms');
  assert.equal(goDuration(1163697n), '1.163697ms');
  assert.equal(goDuration(999999999), '999.999999ms');
  assert.equal(goDuration(1000000000), '1s');
  assert.equal(goDuration(5000181714n), '5.000181714s');
  assert.equal(goDuration(1000954343n), '1.000954343s');
  assert.equal(goDuration(60000000000n), '1m0s');
  assert.equal(goDuration(3600000000000n), '1h0m0s');
  assert.equal(goDuration(7384500000000n), '2h3m4.5s');
  assert.equal(goDuration(-1500000000n), '-1.5s');
  assert.equal(goDuration(-1), '-1ns');
  assert.equal(goDuration(9223372036854775807n), '2562047h47m16.854775807s');
  assert.equal(goDuration(-9223372036854775808n), '-2562047h47m16.854775808s');
});
