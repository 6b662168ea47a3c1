/**
 * strconv.ParseInt / ParseUint / ParseBool with Go semantics and Go error
 * texts (`strconv.ParseInt: parsing "x": invalid syntax`).
 */

import { goQuote } from '../quote';
import { GoParseError } from './error';

type NumErr = 'syntax' | 'range';

const ERR_TEXT: Record<NumErr, string> = {
  syntax: 'invalid syntax',
  range: 'value out of range',
};

function numError(fn: 'ParseInt' | 'ParseUint', s: string, kind: NumErr): GoParseError {
  return new GoParseError(`strconv.${fn}: parsing ${goQuote(s)}: ${ERR_TEXT[kind]}`);
}

const MAX_UINT64 = (1n << 64n) - 1n;

function lower(c: number): number {
  return c | 0x20;
}

/** Go strconv.underscoreOK: underscores only between digits / after a base prefix. */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0') {
    const c1 = lower(s.charCodeAt(1));
    if (c1 === 0x62 || c1 === 0x6f || c1 === 0x78) {
      i = 2;
      saw = '0';
      hex = c1 === 0x78;
    }
  }
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || (hex && lower(c) >= 0x61 && lower(c) <= 0x66)) {
      saw = '0';
      continue;
    }
    if (c === 0x5f) {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/**
 * Core of strconv.ParseUint. Returns the value or an error kind; on a range
 * error the returned value is the maximum for the bit size (as in Go, which
 * ParseInt relies on).
 */
function parseUintCore(s: string, base: number, bitSize: number): { n: bigint; err?: NumErr } {
  if (s === '') return { n: 0n, err: 'syntax' };
  const base0 = base === 0;
  const s0 = s;
  if (base === 0) {
    base = 10;
    if (s[0] === '0') {
      const c1 = s.length >= 3 ? lower(s.charCodeAt(1)) : -1;
      if (c1 === 0x62) {
        base = 2;
        s = s.slice(2);
      } else if (c1 === 0x6f) {
        base = 8;
        s = s.slice(2);
      } else if (c1 === 0x78) {
        base = 16;
        s = s.slice(2);
      } else {
        base = 8;
        s = s.slice(1);
      }
    }
  }
  const bigBase = BigInt(base);
  const cutoff = MAX_UINT64 / bigBase + 1n;
  const maxVal = (1n << BigInt(bitSize)) - 1n;
  let underscores = false;
  let n = 0n;
  // Go iterates over bytes; any non-ASCII byte is a syntax error, which a
  // per-UTF-16-unit loop reproduces (all such units are >= 0x80).
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let d: number;
    if (c === 0x5f && base0) {
      underscores = true;
      continue;
    } else if (c >= 0x30 && c <= 0x39) {
      d = c - 0x30;
    } else if (c < 0x80 && lower(c) >= 0x61 && lower(c) <= 0x7a) {
      d = lower(c) - 0x61 + 10;
    } else {
      return { n: 0n, err: 'syntax' };
    }
    if (d >= base) return { n: 0n, err: 'syntax' };
    if (n >= cutoff) return { n: maxVal, err: 'range' };
    n *= bigBase;
    const n1 = n + BigInt(d);
    if (n1 > maxVal) return { n: maxVal, err: 'range' };
    n = n1;
  }
  if (underscores && !underscoreOK(s0)) return { n: 0n, err: 'syntax' };
  return { n };
}

function parseIntCore(s: string, base: number, bitSize: number): bigint {
  if (s === '') throw numError('ParseInt', s, 'syntax');
  const s0 = s;
  let neg = false;
  if (s[0] === '+') {
    s = s.slice(1);
  } else if (s[0] === '-') {
    neg = true;
    s = s.slice(1);
  }
  const { n: un, err } = parseUintCore(s, base, bitSize);
  if (err === 'syntax') throw numError('ParseInt', s0, 'syntax');
  const cutoff = 1n << BigInt(bitSize - 1);
  if (!neg && un >= cutoff) throw numError('ParseInt', s0, 'range');
  if (neg && un > cutoff) throw numError('ParseInt', s0, 'range');
  return neg ? -un : un;
}

function parseUint(s: string, base: number, bitSize: number): bigint {
  const { n, err } = parseUintCore(s, base, bitSize);
  if (err) throw numError('ParseUint', s, err);
  return n;
}

/**
 * strconv.ParseInt(s, 0, bitSize): Go integer literal syntax (0x / 0o / 0b
 * prefixes, leading-0 octal, optional sign, `_` digit separators).
 */
export function parseGoInt(s: string, bitSize: 32 | 64): bigint {
  return parseIntCore(s, 0, bitSize);
}

/** strconv.ParseUint(s, 0, bitSize) (no sign accepted). */
export function parseGoUint(s: string, bitSize: 32 | 64): bigint {
  return parseUint(s, 0, bitSize);
}

/** strconv.ParseInt(s, base, 64): strict base, no prefix, no underscores, sign allowed. */
export function parseGoIntBase(s: string, base: 10 | 16, bitSize: 64): bigint {
  return parseIntCore(s, base, bitSize);
}

/** strconv.ParseUint(s, base, 64): strict base, no prefix, no underscores, no sign. */
export function parseGoUintBase(s: string, base: 10 | 16, bitSize: 64): bigint {
  return parseUint(s, base, bitSize);
}

/** strconv.ParseBool. */
export function parseGoBool(s: string): boolean {
  switch (s) {
    case '1':
    case 't':
    case 'T':
    case 'true':
    case 'TRUE':
    case 'True':
      return true;
    case '0':
    case 'f':
    case 'F':
    case 'false':
    case 'FALSE':
    case 'False':
      return false;
  }
  throw new GoParseError(`strconv.ParseBool: parsing ${goQuote(s)}: invalid syntax`);
}

/** Go's strconv.ParseFloat for a metrics value. */
export function parseGoFloat(s: string): number {
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(s)) return NaN;
  throw new Error(`strconv.ParseFloat: parsing ${goQuote(s)}: invalid syntax`);
}
