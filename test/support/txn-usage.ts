/** The usage a txn request line prints for a get line that fails flag parsing, per etcdctl line. */
import assert from 'node:assert/strict';
import type { Expected } from './diff';

/** 3.6's get has --min/max-create-rev and --min/max-mod-rev (3.5 has not): its usage lists them. */
export function getUsage36(e: Expected): Expected {
  const extra =
    '      --max-create-rev int   Maximum create revision\n' +
    '      --max-mod-rev int      Maximum modification revision\n' +
    '      --min-create-rev int   Minimum create revision\n' +
    '      --min-mod-rev int      Minimum modification revision\n';
  assert.match(e.err, /\n {6}--limit int {12}Maximum number of results\n/);
  return { ...e, err: e.err.replace(/( {6}--limit int .*\n)/, `$1${extra}`) };
}

/** 3.7's get also has --stream (docs/etcdctl-3.7-behaviour.md §4.2): one more line after --sort-by, same columns. */
export function getUsage37(e: Expected): Expected {
  const e36 = getUsage36(e);
  assert.match(e36.err, /\n {6}--sort-by string {7}Sort target; .*\n/);
  return {
    ...e36,
    err: e36.err.replace(/( {6}--sort-by string .*\n)/, '$1      --stream               Use the RangeStream RPC\n'),
  };
}
