// The order of the checks made while building the client configuration (docs/etcdctl-behaviour.md §3.7,
// etcdctl's clientConfigFromCmd): ETCDCTL_* conflicts, --debug listing, DNS discovery,
// empty --cert/--key/--cacert (128), password prompt, -w (4). Discovery and the
// prompt are asynchronous: a late error is deferred until they have happened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGlobalConfig, DeferredConfigError } from '../../src/cli/config';
import { GLOBAL_FLAGS } from '../../src/cli/globals';
import { CliError } from '../../src/errors';
import type { FlagValue } from '../../src/cli/flags';

const sink = {
  text: '',
  write(d: string | Uint8Array) {
    sink.text += String(d);
  },
  drain: async () => {},
  flush: async () => {},
  isTTY: false,
};

function build(cmdline: Record<string, FlagValue>, env: NodeJS.ProcessEnv = {}, formatFirst = false) {
  const values = new Map<string, FlagValue>(GLOBAL_FLAGS.map((f) => [f.name, f.default]));
  for (const [k, v] of Object.entries(cmdline)) values.set(k, v);
  sink.text = '';
  return buildGlobalConfig({ values, changed: new Set(Object.keys(cmdline)), env, stderr: sink, formatFirst });
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail('no error');
}

test('an empty --cert is reported before an unsupported -w (exit 128)', () => {
  const e = thrown(() => build({ cert: '', 'write-out': 'bogus' }));
  assert.ok(e instanceof CliError && !(e instanceof DeferredConfigError));
  assert.deepEqual([e.code, e.message], [128, 'empty string is passed to --cert option']);
});

test('--key before --cacert; an empty value from the environment is not "given"', () => {
  const e = thrown(() => build({ key: '', cacert: '' })) as CliError;
  assert.equal(e.message, 'empty string is passed to --key option');
  assert.equal(build({}, { ETCDCTL_CERT: '' }).cert, '');
});

test('endpoint health (formatFirst): -w before the TLS check and the --debug listing', () => {
  const e = thrown(() => build({ cert: '', debug: true, 'write-out': 'bogus' }, {}, true)) as CliError;
  assert.deepEqual([e.code, e.message], [4, 'unsupported output format']);
  assert.equal(sink.text, '');
});

test('a conflict comes first, even with formatFirst', () => {
  const e = thrown(() =>
    build({ endpoints: ['a:1'], 'write-out': 'bogus' }, { ETCDCTL_ENDPOINTS: 'b:1' }, true),
  ) as CliError;
  assert.equal(e.code, 1);
  assert.match(e.message, /^conflicting environment variable "ETCDCTL_ENDPOINTS"/);
});

test('with --discovery-srv or a --user to prompt for, a late error is deferred', () => {
  const deferred: Record<string, FlagValue>[] = [
    { 'discovery-srv': 'example.invalid', 'write-out': 'bogus' },
    { user: 'root', 'write-out': 'bogus' },
    { user: 'root', cert: '' },
  ];
  for (const cmdline of deferred) {
    const e = thrown(() => build(cmdline));
    assert.ok(e instanceof DeferredConfigError, JSON.stringify(cmdline));
    assert.ok(e.error instanceof CliError);
  }
  // nothing to prompt for: reported at once
  const direct: Record<string, FlagValue>[] = [
    { user: 'root:pw', 'write-out': 'bogus' },
    { user: 'root', password: 'pw', 'write-out': 'bogus' },
  ];
  for (const cmdline of direct) {
    assert.ok(!(thrown(() => build(cmdline)) instanceof DeferredConfigError));
  }
});

test('a variable that does not parse leaves the zero value and does not mark the flag as set', () => {
  const cfg = build({}, { ETCDCTL_COMMAND_TIMEOUT: 'abc' });
  assert.equal(cfg.commandTimeout, 0n);
  assert.ok(!cfg.changed.has('command-timeout'));
  assert.ok(build({}, { ETCDCTL_COMMAND_TIMEOUT: '0s' }).changed.has('command-timeout'));
});
