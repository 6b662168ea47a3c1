// Global configuration: ETCDCTL_* application rules of docs/etcdctl-behaviour.md §3.2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGlobalConfig } from '../../src/cli/config';
import { envName, globalFlagsOf } from '../../src/cli/globals';
import type { Compat } from '../../src/compat';
import { CliError } from '../../src/errors';
import type { FlagValue } from '../../src/cli/flags';
import type { Output } from '../../src/output/stream';

function sink(): Output & { text: string } {
  const o = {
    text: '',
    write(d: string | Uint8Array) {
      o.text += typeof d === 'string' ? d : Buffer.from(d).toString();
    },
    drain: async () => {},
    flush: async () => {},
    isTTY: false,
  };
  return o;
}

/** The configuration of a 3.6 command line (or of `compat`'s): its global flags at their defaults, then `cmdline`. */
function config(env: NodeJS.ProcessEnv, cmdline: Record<string, FlagValue> = {}, compat: Compat = '3.6') {
  const values = new Map<string, FlagValue>(globalFlagsOf(compat).map((f) => [f.name, f.default]));
  for (const [k, v] of Object.entries(cmdline)) values.set(k, v);
  const stderr = sink();
  const cfg = buildGlobalConfig({ values, changed: new Set(Object.keys(cmdline)), env, stderr, compat });
  return { cfg, stderr: stderr.text };
}

test('env names derive from flag names', () => {
  assert.equal(envName('insecure-skip-tls-verify'), 'ETCDCTL_INSECURE_SKIP_TLS_VERIFY');
  assert.equal(envName('write-out'), 'ETCDCTL_WRITE_OUT');
});

test('a non-empty variable is parsed like a flag value; empty is ignored', () => {
  assert.deepEqual(config({ ETCDCTL_ENDPOINTS: 'a:1,b:2' }).cfg.endpoints, ['a:1', 'b:2']);
  assert.equal(config({ ETCDCTL_DIAL_TIMEOUT: '3s' }).cfg.dialTimeout, 3_000_000_000n);
  assert.equal(config({ ETCDCTL_WRITE_OUT: '' }).cfg.writeOut, 'simple');
  assert.equal(config({ ETCDCTL_HEX: 'true' }).cfg.hex, true);
});

test('a variable that does not parse leaves the zero value (no error)', () => {
  assert.equal(config({ ETCDCTL_DIAL_TIMEOUT: 'abc' }).cfg.dialTimeout, 0n);
  assert.equal(config({ ETCDCTL_INSECURE_TRANSPORT: 'maybe' }).cfg.insecureTransport, false);
});

test('flag and variable both present (even empty): fatal conflict, exit 1', () => {
  for (const value of ['x:1', '']) {
    assert.throws(
      () => config({ ETCDCTL_ENDPOINTS: value }, { endpoints: ['a:1'] }),
      (e: unknown) =>
        e instanceof CliError &&
        e.code === 1 &&
        e.message ===
          'conflicting environment variable "ETCDCTL_ENDPOINTS" is shadowed by corresponding command-line flag (either unset environment variable or disable flag)',
    );
  }
});

test('unknown -w value: unsupported output format, exit 4', () => {
  assert.throws(
    () => config({ ETCDCTL_WRITE_OUT: 'yaml' }),
    (e: unknown) => e instanceof CliError && e.code === 4 && e.message === 'unsupported output format',
  );
});

test('variables mark the flag as changed (snapshot save uses it)', () => {
  assert.ok(config({ ETCDCTL_COMMAND_TIMEOUT: '9s' }).cfg.changed.has('command-timeout'));
  assert.ok(!config({}).cfg.changed.has('command-timeout'));
});

test('--debug lists every global flag as ETCDCTL_X=value, sorted, secrets redacted', () => {
  const { stderr } = config({ ETCDCTL_PASSWORD: 's3cret', ETCDCTL_FOO: '1' }, { debug: true, user: 'root:hunter2' });
  const lines = stderr.trimEnd().split('\n');
  assert.equal(lines[0], 'ETCDCTL_CACERT=');
  assert.ok(lines.includes('ETCDCTL_COMMAND_TIMEOUT=5s'));
  assert.ok(lines.includes('ETCDCTL_ENDPOINTS=[127.0.0.1:2379]'));
  assert.ok(lines.includes('ETCDCTL_PASSWORD=<redacted>'));
  assert.ok(lines.includes('ETCDCTL_USER=root:<redacted>'));
  assert.ok(lines.includes('unrecognized environment variable ETCDCTL_FOO'));
  assert.ok(!stderr.includes('s3cret') && !stderr.includes('hunter2'));
  assert.equal(lines.filter((l) => l.startsWith('ETCDCTL_')).length, 20);
});

test('3.7: ETCDCTL_AUTH_JWT_TOKEN binds --auth-jwt-token, listed first by --debug and redacted', () => {
  const { cfg, stderr } = config({ ETCDCTL_AUTH_JWT_TOKEN: 'hdr.body.sig' }, { debug: true }, '3.7');
  assert.equal(cfg.authJwtToken, 'hdr.body.sig');
  const lines = stderr.trimEnd().split('\n');
  assert.equal(lines[0], 'ETCDCTL_AUTH_JWT_TOKEN=<redacted>');
  assert.equal(lines[1], 'ETCDCTL_CACERT=');
  assert.equal(lines.filter((l) => l.startsWith('ETCDCTL_')).length, 21);
  assert.ok(!stderr.includes('hdr.body.sig') && !stderr.includes('unrecognized'));
  const empty = config({}, { debug: true, 'auth-jwt-token': '' }, '3.7');
  assert.ok(empty.stderr.startsWith('ETCDCTL_AUTH_JWT_TOKEN=\n'));
  assert.equal(empty.cfg.authJwtToken, '');
});

test('3.6: ETCDCTL_AUTH_JWT_TOKEN is an unrecognized variable, not bound', () => {
  const { cfg, stderr } = config({ ETCDCTL_AUTH_JWT_TOKEN: 'hdr.body.sig' }, { debug: true });
  assert.equal(cfg.authJwtToken, '');
  assert.ok(stderr.trimEnd().split('\n').includes('unrecognized environment variable ETCDCTL_AUTH_JWT_TOKEN'));
  assert.ok(!stderr.includes('ETCDCTL_AUTH_JWT_TOKEN='));
});

test('a token (3.7) makes a --user without password prompt-free: the late -w error is not deferred', () => {
  assert.throws(
    () => config({}, { user: 'root', 'auth-jwt-token': 't', 'write-out': 'yaml' }, '3.7'),
    (e: unknown) => e instanceof CliError && e.code === 4,
  );
});

test('DNS discovery with --insecure-discovery=false: the domain is the TLS server name (docs/etcdctl-behaviour.md §3.3.1, §3.5)', async () => {
  const { loadTls } = await import('../../src/client/tls');
  const secure = config({}, { 'discovery-srv': 'example.com', 'insecure-discovery': false }).cfg;
  assert.deepEqual(loadTls(secure), { skipVerify: false, serverName: 'example.com' });
  const skip = config(
    {},
    { 'discovery-srv': 'example.com', 'insecure-discovery': false, 'insecure-skip-tls-verify': true },
  ).cfg;
  assert.deepEqual(loadTls(skip), { skipVerify: true, serverName: 'example.com' });
  // Insecure discovery (the default): the domain is not a server name; no TLS configuration.
  assert.equal(loadTls(config({}, { 'discovery-srv': 'example.com' }).cfg), undefined);
  assert.equal(loadTls(config({}, {}).cfg), undefined);
});
