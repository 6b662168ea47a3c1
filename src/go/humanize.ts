/**
 * Value formatters reproducing Go output exactly:
 *  - goFixed: fmt `%.Nf` / strconv.FormatFloat(x, 'f', N, 64);
 *  - humanizeBytes: github.com/dustin/go-humanize Bytes (SI units);
 *  - goDuration: time.Duration.String().
 */

/** Splits a finite float64 into an exact (mantissa, binary exponent) pair: |x| = m * 2^e. */
function decompose(x: number): { neg: boolean; m: bigint; e: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const neg = hi >>> 31 === 1;
  const biased = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased === 0) return { neg, m: frac, e: -1074 }; // zero or subnormal
  return { neg, m: frac | (1n << 52n), e: biased - 1075 };
}

/**
 * Go `%.{decimals}f` of a float64: the exact binary value is rounded to
 * `decimals` fraction digits, ties to even (so 0.5 → "0", 2.5 → "2",
 * 0.125 → "0.12" at 2 decimals, but 0.15 → "0.1" at 1 decimal because
 * the double nearest to 0.15 is slightly below it).
 * Negative values keep their sign even when they round to zero ("-0.0"),
 * like Go. Non-finite values print as Go does: "NaN", "+Inf", "-Inf".
 */
export function goFixed(x: number, decimals: number): string {
  if (!Number.isInteger(decimals) || decimals < 0) throw new RangeError('goFixed: bad precision');
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  const { neg, m, e } = decompose(x);
  const scale = 10n ** BigInt(decimals);
  let q: bigint;
  if (e >= 0) {
    q = (m << BigInt(e)) * scale;
  } else {
    const num = m * scale;
    const den = 1n << BigInt(-e);
    q = num / den;
    const rem = num - q * den;
    const twice = rem * 2n;
    if (twice > den || (twice === den && (q & 1n) === 1n)) q += 1n;
  }
  let digits = q.toString();
  let out: string;
  if (decimals === 0) {
    out = digits;
  } else {
    if (digits.length <= decimals) digits = '0'.repeat(decimals - digits.length + 1) + digits;
    out = digits.slice(0, digits.length - decimals) + '.' + digits.slice(digits.length - decimals);
  }
  return (neg ? '-' : '') + out;
}

const SI_SIZES = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];

/**
 * go-humanize Bytes(s uint64): SI (base 1000) size, e.g. 20480 → "20 kB",
 * 6000000 → "6.0 MB", 2147483648 → "2.1 GB", 9 → "9 B".
 * Negative inputs are reinterpreted as uint64 (Go conversion semantics).
 */
export function humanizeBytes(n: bigint | number): string {
  const s = BigInt.asUintN(64, typeof n === 'bigint' ? n : BigInt(Math.trunc(n)));
  if (s < 10n) return `${s} B`;
  const f = Number(s); // float64(s), round to nearest even like Go
  const base = 1000;
  const e = Math.floor(Math.log(f) / Math.log(base));
  const suffix = SI_SIZES[e];
  const val = Math.floor((f / Math.pow(base, e)) * 10 + 0.5) / 10;
  return `${goFixed(val, val < 10 ? 1 : 0)} ${suffix}`;
}

/** Formats v / 10^prec's fraction (trailing zeros removed); returns [text, v / 10^prec]. */
function fmtFrac(v: bigint, prec: number): [string, bigint] {
  let out = '';
  let print = false;
  for (let i = 0; i < prec; i++) {
    const digit = v % 10n;
    print = print || digit !== 0n;
    if (print) out = digit.toString() + out;
    v /= 10n;
  }
  if (print) out = '.' + out;
  return [out, v];
}

/**
 * Go time.Duration(ns).String(): "0s", "999ns", "1.5µs" (U+00B5),
 * "1.220695ms", "5.000181714s", "1m0s", "2h3m4.5s", "-1.5s".
 * Numbers are truncated to an integer and wrapped to int64.
 */
export function goDuration(ns: bigint | number): string {
  const d = BigInt.asIntN(64, typeof ns === 'bigint' ? ns : BigInt(Math.trunc(ns)));
  const neg = d < 0n;
  let u = neg ? -d : d; // magnitude (fits: |MinInt64| handled by BigInt)
  let out: string;
  if (u < 1_000_000_000n) {
    if (u === 0n) return '0s';
    let prec: number;
    let unit: string;
    if (u < 1_000n) {
      prec = 0;
      unit = 'ns';
    } else if (u < 1_000_000n) {
      prec = 3;
      unit = '\u00b5s';
    } else {
      prec = 6;
      unit = 'ms';
    }
    const [frac, whole] = fmtFrac(u, prec);
    out = whole.toString() + frac + unit;
  } else {
    const [frac, secs] = fmtFrac(u, 9);
    u = secs;
    out = (u % 60n).toString() + frac + 's';
    u /= 60n;
    if (u > 0n) {
      out = (u % 60n).toString() + 'm' + out;
      u /= 60n;
      if (u > 0n) out = u.toString() + 'h' + out;
    }
  }
  return (neg ? '-' : '') + out;
}
