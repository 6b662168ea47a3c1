// elect against a real etcd 3.4: candidates of our CLI and of the real
// etcdctl take part in the same elections (each waits for the other), the
// leader resigns at once on SIGINT/SIGTERM, a SIGKILLed leader is replaced
// when its lease ends, and an observer reports leaders and value changes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ours, real } from '../support/run';
import { oursBg, realBg, clusterWithBackground, sleep, type Bg } from './recipes-bg';

const rig = clusterWithBackground();

async function keysUnder(name: string): Promise<string[]> {
  const r = await real('3.4', ['--endpoints', rig.ep, 'get', '--prefix', `${name}/`, '--keys-only']);
  return r.out.split('\n').filter((l) => l !== '');
}

async function untilKeys(name: string, count: number): Promise<string[]> {
  for (let i = 0; ; i++) {
    const keys = await keysUnder(name);
    if (keys.length >= count) return keys;
    assert.ok(i < 300, `never ${count} keys under ${name}/`);
    await sleep(50);
  }
}

/** Waits for a candidate's "elected" output and returns its lease (hex, as in the key). */
async function elected(b: Bg, name: string, value: string): Promise<string> {
  const out = await b.waitLines(2);
  const m = new RegExp(`^${name}/([0-9a-f]+)\\n${value}\\n$`).exec(out);
  assert.ok(m, `unexpected output ${JSON.stringify(out)}`);
  return m[1];
}

async function leaseGone(leaseHex: string): Promise<void> {
  const r = await real('3.4', ['--endpoints', rig.ep, 'lease', 'timetolive', leaseHex]);
  assert.equal(r.out, `lease ${leaseHex.padStart(16, '0')} already expired\n`);
}

describe('elections shared with the real etcdctl', () => {
  test('a real leader keeps ours waiting; ours leads once the real one resigns, and resigns on SIGINT', async () => {
    const r = rig.track(await realBg('3.4', ['--endpoints', rig.ep, 'elect', 'e1', 'real']));
    await elected(r, 'e1', 'real');
    const o = rig.track(oursBg(['--endpoints', rig.ep, 'elect', 'e1', 'ours']));
    await untilKeys('e1', 2);
    await sleep(500);
    assert.equal(o.out, '', 'ours must not lead while the real candidate does');

    assert.equal((await r.stop('SIGINT')).code, 0);
    const lease = await elected(o, 'e1', 'ours');
    assert.deepEqual(await keysUnder('e1'), [`e1/${lease}`]);
    const e = await o.stop('SIGINT');
    assert.deepEqual([e.code, e.err], [0, '']);
    assert.deepEqual(await keysUnder('e1'), [], 'ours resigned');
    await leaseGone(lease);
  });

  test('ours leading keeps a real candidate waiting until ours gets SIGTERM', async () => {
    const o = rig.track(oursBg(['--endpoints', rig.ep, 'elect', 'e2', 'ours']));
    const lease = await elected(o, 'e2', 'ours');
    const r = rig.track(await realBg('3.4', ['--endpoints', rig.ep, 'elect', 'e2', 'real']));
    await untilKeys('e2', 2);
    await sleep(500);
    assert.equal(r.out, '');
    assert.deepEqual((await o.stop('SIGTERM')).code, 0);
    await leaseGone(lease);
    await elected(r, 'e2', 'real');
    assert.equal((await r.stop('SIGINT')).code, 0);
  });

  test('a SIGKILLed leader is replaced when its session lease ends', async () => {
    // elect's session TTL is fixed at 60 s; the lease is revoked here to stand for its expiry.
    const o = rig.track(oursBg(['--endpoints', rig.ep, 'elect', 'e3', 'ours']));
    const lease = await elected(o, 'e3', 'ours');
    const r = rig.track(await realBg('3.4', ['--endpoints', rig.ep, 'elect', 'e3', 'real']));
    await untilKeys('e3', 2);
    assert.equal((await o.stop('SIGKILL')).signal, 'SIGKILL');
    await sleep(300);
    assert.equal(r.out, '', 'the killed leader still leads while its lease lives');
    assert.equal((await real('3.4', ['--endpoints', rig.ep, 'lease', 'revoke', lease])).code, 0);
    await elected(r, 'e3', 'real');
    assert.equal((await r.stop('SIGINT')).code, 0);
  });
});

describe('observing', () => {
  test('elect -l reports the first leader, value changes and successors, and ends with 0 on SIGINT', async () => {
    const obs = rig.track(oursBg(['--endpoints', rig.ep, 'elect', '-l', 'e4']));
    await sleep(1000);
    const a = rig.track(oursBg(['--endpoints', rig.ep, 'elect', 'e4', 'a']));
    const aLease = await elected(a, 'e4', 'a');
    await obs.waitLines(2);
    assert.equal(
      (await real('3.4', ['--endpoints', rig.ep, 'put', '--ignore-lease', `e4/${aLease}`, 'a-changed'])).code,
      0,
    );
    await obs.waitLines(4);
    const b = rig.track(await realBg('3.4', ['--endpoints', rig.ep, 'elect', 'e4', 'b']));
    await untilKeys('e4', 2);
    await a.stop('SIGINT');
    const bLease = await elected(b, 'e4', 'b');
    await obs.waitLines(6);
    await b.stop('SIGINT');
    const e = await obs.stop('SIGINT');
    assert.deepEqual([e.code, e.err], [0, '']);
    assert.equal(e.out, `e4/${aLease}\na\ne4/${aLease}\na-changed\ne4/${bLease}\nb\n`);
  });
});

test('the session lease of a candidate has the fixed 60 s TTL', async () => {
  const o = rig.track(oursBg(['--endpoints', rig.ep, 'elect', 'e5', 'x']));
  const lease = await elected(o, 'e5', 'x');
  const r = await real('3.4', ['--endpoints', rig.ep, 'lease', 'timetolive', lease]);
  assert.match(
    r.out,
    new RegExp(`^lease ${lease.padStart(16, '0')} granted with TTL\\(60s\\), remaining\\(\\d+s\\)\\n$`),
  );
  assert.equal((await o.stop('SIGINT')).code, 0);
});

test('errors after the client exists keep their order: -l consistency checks', async () => {
  const r = await ours(['--endpoints', rig.ep, 'elect', 'e6']);
  assert.deepEqual([r.code, r.out, r.err], [128, '', 'Error: no proposal argument but -l not set\n']);
});
