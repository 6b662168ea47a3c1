// Helpers of the -w support matrix (test/compat/matrix-format*.test.ts): the normalisation
// rules for values that legitimately differ between etcdctl's run and ours, and the
// two sides' runners on one cluster.
import assert from 'node:assert/strict';
import { ours, real } from './run';
import { errOnly, outcome, GO_DURATION, type Outcome } from './matrix';

export type Fmt = 'simple' | 'json' | 'fields' | 'protobuf' | 'table';
export const FORMATS: Fmt[] = ['simple', 'json', 'fields', 'protobuf', 'table'];
export const unsupported = (f: Fmt): Outcome => errOnly(`${f} not supported as output format`, 4);

// ---------------------------------------------------------------------------------------------
// normalisation rules

export const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');
export const bytes = (s: string): Buffer => Buffer.from(s, 'latin1');

/** The Debian 3.5.30 build's Unicode table → the ASCII table of 3.6 (same layout, docs/etcdctl-behaviour.md §11.0). */
export function asciiTable(o: Outcome): Outcome {
  const text = bytes(o.out)
    .toString('utf8')
    .replace(/[┌┬┐├┼┤└┴┘]/g, '+')
    .replace(/─/g, '-')
    .replace(/│/g, '|');
  return { ...o, out: text };
}

export type Codec = { decode(b: Uint8Array): object; encode(m: never): { finish(): Uint8Array } };

/** Every response header's revision set to 0 (writes of the two sides happen at different revisions). */
export function zeroRevisions(v: unknown): void {
  if (v === null || typeof v !== 'object') return;
  const o = v as Record<string, unknown>;
  if ('cluster_id' in o && 'raft_term' in o && 'revision' in o) o.revision = 0n;
  for (const x of Object.values(o)) zeroRevisions(x);
}

export function revisionFree(f: Fmt, out: string, codec?: Codec): string {
  if (f === 'json') return out.replace(/"revision":\d+/g, '"revision":0');
  if (f === 'fields') return out.replace(/^"Revision" : \d+$/gm, '"Revision" : 0');
  if (f === 'protobuf' && codec && out !== '') {
    const msg = codec.decode(bytes(out));
    // the bytes must be the canonical encoding, or the comparison below would hide a difference
    assert.equal(latin1(codec.encode(msg as never).finish()), out, 'canonical protobuf encoding');
    zeroRevisions(msg);
    return latin1(codec.encode(msg as never).finish());
  }
  return out;
}

/** A side's own IDs (hex: zero padded, space padded (%16x), plain; decimal) → <ID>. */
export function idFree(s: string, ids: bigint[]): string {
  let t = s;
  for (const id of ids) {
    const hex = id.toString(16);
    t = t
      .split(hex.padStart(16, '0'))
      .join('<ID>')
      .split(hex.padStart(16, ' '))
      .join('<ID>')
      .split(hex)
      .join('<ID>')
      .split(id.toString())
      .join('<ID>');
  }
  return t;
}

export const took = (s: string): string =>
  s.replace(new RegExp(`(took = |"took":"|"Took" : |\\| +)${GO_DURATION}`, 'g'), '$1<took>');
/** Column widths follow the measured duration in a table. */
export const tookTable = (s: string): string =>
  s.includes('TOOK') ? took(s).replace(/-+/g, '-').replace(/ +/g, ' ') : took(s);

export interface Sides {
  runR(args: string[], input?: string): Promise<Outcome>;
  runO(args: string[], input?: string): Promise<Outcome>;
  /** Runs etcdctl, then ours; `norm` is applied to both outcomes; `expect` derives 3.6 from the oracle. */
  same(
    args: string[],
    opts?: { input?: string; norm?: (o: Outcome) => Outcome; expect?: (o: Outcome) => Outcome },
  ): Promise<Outcome>;
}

/** etcdctl 3.5.30 and ours against `endpoint()` (read when a command runs). */
export function sides(endpoint: () => string): Sides {
  const at = (): string => `--endpoints=${endpoint()}`;
  const runR = async (args: string[], input?: string): Promise<Outcome> =>
    outcome(await real('3.5', [at(), ...args], { input }));
  const runO = async (args: string[], input?: string): Promise<Outcome> =>
    outcome(await ours([at(), ...args], { input }));
  return {
    runR,
    runO,
    async same(args, opts = {}) {
      const norm = opts.norm ?? ((o: Outcome) => o);
      const r = norm(await runR(args, opts.input));
      const o = norm(await runO(args, opts.input));
      assert.deepEqual(o, (opts.expect ?? ((x: Outcome) => x))(r), `etcdctl ${args.join(' ')}`);
      return o;
    },
  };
}
