/** Reading `-w jsonl` output in tests. */
import assert from 'node:assert/strict';
import type { RunResult } from './run';

export type JsonObj = Record<string, unknown>;

/** stdout as jsonl (the run must have succeeded): every line one JSON object, the text ending with a newline (or empty). */
export function jsonLines(r: Pick<RunResult, 'code' | 'out' | 'err'>): JsonObj[] {
  assert.equal(r.code, 0, r.err);
  if (r.out === '') return [];
  assert.ok(r.out.endsWith('\n'), 'ends with a newline');
  return r.out
    .slice(0, -1)
    .split('\n')
    .map((l) => {
      const o = JSON.parse(l) as unknown;
      assert.ok(o !== null && typeof o === 'object' && !Array.isArray(o), l);
      return o as JsonObj;
    });
}

/** A jsonl byte field back to bytes (its `<field>_encoding` says how). */
export const jsonlBytesOf = (o: JsonObj, field: string): Buffer =>
  o[`${field}_encoding`] === 'base64'
    ? Buffer.from(o[field] as string, 'base64')
    : Buffer.from(o[field] as string, 'utf8');
