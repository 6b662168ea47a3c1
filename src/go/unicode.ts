/** Go's unicode white space and strings.TrimSpace. */

/** Go's unicode.IsSpace. */
export function isGoSpace(ch: string): boolean {
  return /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/.test(ch);
}

/** Go's strings.TrimSpace (JS trim() also strips U+FEFF and keeps U+0085). */
export function goTrimSpace(s: string): string {
  const chars = [...s];
  let a = 0;
  let b = chars.length;
  while (a < b && isGoSpace(chars[a])) a++;
  while (b > a && isGoSpace(chars[b - 1])) b--;
  return chars.slice(a, b).join('');
}
