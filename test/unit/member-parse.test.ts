// Arguments -> request for member add/remove/update/promote and move-leader, and the
// client-side peer URL check (Go url.Parse + etcd types.NewURLs). Error texts and exit
// codes are the ones the real etcdctl prints (checked against 3.4.23 and 3.5.30).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMemberAdd, parseMemberId, validatePeerUrls } from '../../src/commands/member';
import { goParseUrl } from '../../src/go/url';
import { parseTransferee } from '../../src/commands/move-leader';
import { CliError } from '../../src/errors';

function fails(fn: () => unknown, code: number, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof CliError, String(e));
    assert.equal(e.message, message);
    assert.equal(e.code, code);
    return true;
  });
}

test('member add: argument checks in etcdctl order', () => {
  fails(() => parseMemberAdd([], 'http://a:1'), 128, 'member name not provided');
  fails(() => parseMemberAdd(['a', 'b'], ''), 128, 'too many arguments');
  fails(
    () => parseMemberAdd(['a', 'http://x:1', 'HTTPS://y', 'zhttp'], 'http://a:1'),
    128,
    'too many arguments, did you mean --peer-urls=http://x:1, did you mean --peer-urls=HTTPS://y',
  );
  fails(() => parseMemberAdd(['a'], ''), 128, 'member peer urls not provided');
  // Split on ',' without trimming: the request carries the items as given.
  assert.deepEqual(parseMemberAdd(['n'], 'http://a:1, http://b:2,'), {
    name: 'n',
    urls: ['http://a:1', ' http://b:2', ''],
  });
});

test('member IDs are unsigned hexadecimal', () => {
  assert.equal(parseMemberId(['9e737febb6b99eee']), 0x9e737febb6b99eeen);
  assert.equal(parseMemberId(['FFFFFFFFFFFFFFFF']), 0xffffffffffffffffn);
  fails(() => parseMemberId([]), 128, 'member ID is not provided');
  fails(() => parseMemberId(['1', '2']), 128, 'member ID is not provided');
  fails(
    () => parseMemberId(['zz']),
    128,
    'bad member ID arg (strconv.ParseUint: parsing "zz": invalid syntax), expecting ID in Hex',
  );
  fails(
    () => parseMemberId(['0x12']),
    128,
    'bad member ID arg (strconv.ParseUint: parsing "0x12": invalid syntax), expecting ID in Hex',
  );
  fails(
    () => parseMemberId(['-1']),
    128,
    'bad member ID arg (strconv.ParseUint: parsing "-1": invalid syntax), expecting ID in Hex',
  );
  fails(
    () => parseMemberId(['1ffffffffffffffff']),
    128,
    'bad member ID arg (strconv.ParseUint: parsing "1ffffffffffffffff": value out of range), expecting ID in Hex',
  );
  fails(
    () => parseMemberId(['']),
    128,
    'bad member ID arg (strconv.ParseUint: parsing "": invalid syntax), expecting ID in Hex',
  );
});

test('move-leader: one hexadecimal argument', () => {
  assert.equal(parseTransferee(['c1defb47f29e5e35']), 0xc1defb47f29e5e35n);
  fails(() => parseTransferee([]), 128, 'move-leader command needs 1 argument');
  fails(() => parseTransferee(['a', 'b']), 128, 'move-leader command needs 1 argument');
  fails(() => parseTransferee(['zz']), 128, 'strconv.ParseUint: parsing "zz": invalid syntax');
});

test('peer URL check: accepted forms', () => {
  for (const u of [
    'http://127.0.0.1:2380',
    ' http://127.0.0.1:2380 ', // trimmed before parsing
    'https://[::1]:2380',
    'http://host:',
    'http://:2380',
    'http://u:p@h:1',
    'http://h:1?x=1',
    'unix://whatever/path',
    'unixs:sock',
  ]) {
    assert.doesNotThrow(() => validatePeerUrls([u]), u);
  }
});

test('peer URL check: error texts (exit 1), as etcdctl prints them', () => {
  const cases: [string, string][] = [
    ['foo', 'URL scheme must be http, https, unix, or unixs: foo'],
    ['', 'URL scheme must be http, https, unix, or unixs: '],
    ['localhost:2380', 'URL scheme must be http, https, unix, or unixs: localhost:2380'],
    ['127.0.0.1:2380', 'parse "127.0.0.1:2380": first path segment in URL cannot contain colon'],
    ['http://x', 'URL address does not have the form "host:port": http://x'],
    ['http:x:1', 'URL address does not have the form "host:port": http:x:1'],
    ['http://::1:2', 'URL address does not have the form "host:port": http://::1:2'],
    ['http://x:1/p', 'URL must not contain a path: http://x:1/p'],
    ['http://x:1/', 'URL must not contain a path: http://x:1/'],
    ['http://[::1', `parse "http://[::1": missing ']' in host`],
    ['http://x:abc', 'parse "http://x:abc": invalid port ":abc" after host'],
    ['http://a b:1', 'parse "http://a b:1": invalid character " " in host name'],
    ['://x', 'parse "://x": missing protocol scheme'],
    ['http://x:1/%zz', 'parse "http://x:1/%zz": invalid URL escape "%zz"'],
    ['http://x:1#%zz', 'parse "http://x:1#%zz": invalid URL escape "%zz"'],
    ['http://x:1/%zz#f', 'parse "http://x:1/%zz": invalid URL escape "%zz"'],
    ['http://a\tb:1', 'parse "http://a\\tb:1": net/url: invalid control character in URL'],
    ['http://u^:p@h:1', 'parse "http://u^:p@h:1": net/url: invalid userinfo'],
  ];
  for (const [url, msg] of cases) fails(() => validatePeerUrls([url]), 1, msg);
  // The first bad URL of the list is reported.
  fails(() => validatePeerUrls(['http://a:1', 'b', 'c']), 1, 'URL scheme must be http, https, unix, or unixs: b');
});

test('goParseUrl: scheme, host and path', () => {
  assert.deepEqual(goParseUrl('HTTP://H:1/x?q#f'), { scheme: 'http', host: 'H:1', path: '/x' });
  assert.deepEqual(goParseUrl('unix:rel'), { scheme: 'unix', host: '', path: '' });
  assert.deepEqual(goParseUrl('/abs'), { scheme: '', host: '', path: '/abs' });
});
