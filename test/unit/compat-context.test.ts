// Choosing the etcdctl line at start-up (src/compat.ts compatFromEnv, src/contexts/file.ts
// contextCompat): the variable, else the selected context's `compat`, else 3.7; without a
// config file the YAML parser is never loaded (start-up stays cheap).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compatFromEnv } from '../../src/compat';
import { contextCompat } from '../../src/contexts/file';

const yamlLoaded = (): boolean => Object.keys(require.cache).some((k) => /[\\/]node_modules[\\/]yaml[\\/]/.test(k));

test('no config file: no context line, and the YAML parser is not loaded', () => {
  const dir = mkdtempSync(join(tmpdir(), 'compat-ctx-'));
  try {
    const env = { XDG_CONFIG_HOME: dir };
    assert.equal(contextCompat(env, undefined), undefined);
    assert.deepEqual(
      compatFromEnv(env, () => contextCompat(env, undefined)),
      { compat: '3.7', source: 'default' },
    );
    assert.equal(yamlLoaded(), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('precedence: ETCDCTLTS_COMPAT > context > default; an empty variable is unset', () => {
  const dir = mkdtempSync(join(tmpdir(), 'compat-ctx-'));
  try {
    const file = join(dir, 'c.yaml');
    writeFileSync(file, 'current-context: a\ncontexts:\n  a:\n    compat: 3.6\n  b: {}\n');
    const env = (v?: string) => ({ ETCDCTLTS_CONFIG: file, ...(v === undefined ? {} : { ETCDCTLTS_COMPAT: v }) });
    const pick = (v: string | undefined, ctx?: string) => compatFromEnv(env(v), () => contextCompat(env(v), ctx));
    assert.deepEqual(pick(undefined), { compat: '3.6', source: 'context' });
    assert.deepEqual(pick(''), { compat: '3.6', source: 'context' });
    assert.deepEqual(pick('3.7'), { compat: '3.7', source: 'env' });
    assert.deepEqual(pick(undefined, 'b'), { compat: '3.7', source: 'default' });
    assert.deepEqual(pick('x'), { compat: '3.7', source: 'env', invalid: 'x' });
    assert.equal(yamlLoaded(), true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
