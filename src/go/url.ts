/** Go's net/url.Parse (the subset etcd's URL checks need) and net.SplitHostPort's acceptance. */
import { goQuote } from './quote';

const isAlnum = (c: string): boolean => /^[A-Za-z0-9]$/.test(c);

/** url.shouldEscape(c, encodeHost) for ASCII c. */
function hostCharNeedsEscape(c: string): boolean {
  if (isAlnum(c)) return false;
  return !'!$&\'()*+,;=:[]<>"-_.~'.includes(c);
}

/** url.unescape in host mode: the error text, or undefined. */
function unescapeHostError(s: string, host: boolean): string | undefined {
  for (let i = 0; i < s.length;) {
    const c = s[i];
    if (c === '%') {
      if (i + 2 >= s.length || !/^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
        return `invalid URL escape ${goQuote(s.slice(i, i + 3))}`;
      }
      if (host && parseInt(s[i + 1], 16) < 8 && s.slice(i, i + 3) !== '%25') {
        return `invalid URL escape ${goQuote(s.slice(i, i + 3))}`;
      }
      i += 3;
      continue;
    }
    if (host && c.charCodeAt(0) < 0x80 && hostCharNeedsEscape(c)) return `invalid character ${goQuote(c)} in host name`;
    i++;
  }
  return undefined;
}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

/** url.parseHost: the error text, or undefined. */
function parseHostError(host: string): string | undefined {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) return "missing ']' in host";
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) return `invalid port ${goQuote(colonPort)} after host`;
  } else {
    const i = host.lastIndexOf(':');
    if (i !== -1) {
      const colonPort = host.slice(i);
      if (!validOptionalPort(colonPort)) return `invalid port ${goQuote(colonPort)} after host`;
    }
  }
  return unescapeHostError(host, true);
}

export interface GoUrl {
  scheme: string;
  host: string;
  path: string;
}

/** A subset of Go's url.Parse sufficient for etcd's URL checks; throws Go's error text. */
export function goParseUrl(raw: string): GoUrl {
  const hash = raw.indexOf('#');
  const u = hash >= 0 ? raw.slice(0, hash) : raw;
  // Go reports errors with the URL without its fragment, except fragment errors.
  const fail = (msg: string, whole = false): never => {
    throw new Error(`parse ${goQuote(whole ? raw : u)}: ${msg}`);
  };
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(u)) fail('net/url: invalid control character in URL');
  let scheme = '';
  let rest = u;
  for (let i = 0; i < u.length; i++) {
    const c = u[i];
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) break;
      continue;
    }
    if (c === ':') {
      if (i === 0) fail('missing protocol scheme');
      scheme = u.slice(0, i).toLowerCase();
      rest = u.slice(i + 1);
    }
    break;
  }
  if (rest.endsWith('?') && rest.split('?').length === 2) rest = rest.slice(0, -1);
  else if (rest.includes('?')) rest = rest.slice(0, rest.indexOf('?'));
  let host = '';
  if (!rest.startsWith('/')) {
    if (scheme !== '') return { scheme, host: '', path: '' }; // opaque
    const slash = rest.indexOf('/');
    const seg = slash >= 0 ? rest.slice(0, slash) : rest;
    if (seg.includes(':')) fail('first path segment in URL cannot contain colon');
  }
  if ((scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    const slash = authority.indexOf('/');
    rest = slash >= 0 ? authority.slice(slash) : '';
    if (slash >= 0) authority = authority.slice(0, slash);
    const at = authority.lastIndexOf('@');
    host = at >= 0 ? authority.slice(at + 1) : authority;
    const err = parseHostError(host);
    if (err) fail(err);
    if (at >= 0) {
      const userinfo = authority.slice(0, at);
      if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) fail('net/url: invalid userinfo');
      const uerr = unescapeHostError(userinfo, false);
      if (uerr) fail(uerr);
    }
  }
  const pathErr = unescapeHostError(rest, false);
  if (pathErr) fail(pathErr);
  if (hash >= 0) {
    const fragErr = unescapeHostError(raw.slice(hash + 1), false);
    if (fragErr) fail(fragErr, true);
  }
  return { scheme, host, path: rest };
}

/** Whether Go's net.SplitHostPort accepts `hp`. */
export function splitsHostPort(hp: string): boolean {
  const i = hp.lastIndexOf(':');
  if (i < 0) return false;
  let j = 0;
  let k = 0;
  if (hp.startsWith('[')) {
    const end = hp.indexOf(']');
    if (end < 0) return false;
    if (end + 1 !== i) return false;
    j = 1;
    k = end + 1;
  } else if (hp.slice(0, i).includes(':')) {
    return false;
  }
  return !hp.slice(j).includes('[') && !hp.slice(k).includes(']');
}
