// TLS against real etcd 3.4 members using a throwaway CA (test/support/tls.ts): server-auth
// only, expired and wrong-host server certificates, mutual TLS, and a client certificate whose
// CN is an etcd user (--client-cert-auth + auth enabled). Successful commands are compared with
// the real etcdctl. Failed handshakes: etcdctl prints only `Error: context deadline exceeded`;
// ours appends the cause in parentheses (a deliberate difference), same exit status 1.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCluster, type Cluster } from '../support/etcd';
import { dropZapLines, ours, real } from '../support/run';
import { makeTestPki, serverTlsArgs, type CertPair, type TestPki } from '../support/tls';

const FAST = ['--dial-timeout=1s', '--command-timeout=1s'];
let pki: TestPki;

before(() => {
  pki = makeTestPki();
});
after(() => {
  pki?.cleanup();
});

const certArgs = (c: CertPair): string[] => ['--cert', c.cert, '--key', c.key];

/** Ours and the real etcdctl give the same stdout, stderr (zap lines dropped) and status. */
async function same(args: string[]): Promise<void> {
  const [o, r] = await Promise.all([ours(args), real('3.4', args)]);
  assert.equal(o.err, dropZapLines(r.err), 'stderr');
  assert.equal(o.out, r.out, 'stdout');
  assert.equal(o.code, r.code, 'exit status');
}

/** etcdctl times out silently; ours names the cause. */
async function handshakeFails(args: string[], cause: string, code = 1): Promise<void> {
  const [o, r] = await Promise.all([ours(args), real('3.4', args)]);
  assert.equal(dropZapLines(r.err), 'Error: context deadline exceeded\n');
  assert.equal(r.code, code);
  assert.equal(o.out, '');
  assert.equal(o.err, `Error: context deadline exceeded (${cause})\n`);
  assert.equal(o.code, code);
}

describe('server-auth TLS', () => {
  let cluster: Cluster;
  let https: string;
  let port: number;
  before(async () => {
    cluster = await startCluster({ extraArgs: serverTlsArgs(pki), clientTls: {} });
    https = cluster.clientUrls[0];
    port = cluster.members[0].clientPort;
    const r = await real('3.4', ['--endpoints', https, '--cacert', pki.ca, 'put', 'k', 'v']);
    assert.equal(r.code, 0, r.err);
  });
  after(async () => {
    await cluster?.stop();
  });

  test('https endpoint with the CA', () => same(['--endpoints', https, '--cacert', pki.ca, 'get', 'k']));
  test('bare endpoint with --cacert uses TLS', () =>
    same(['--endpoints', cluster.endpoints[0], '--cacert', pki.ca, 'get', 'k', '-w', 'json']));
  test('localhost matches the DNS SAN', () =>
    same(['--endpoints', `https://localhost:${port}`, '--cacert', pki.ca, 'get', 'k']));
  test('--insecure-skip-tls-verify with the wrong CA', () =>
    same(['--endpoints', https, '--cacert', pki.otherCa, '--insecure-skip-tls-verify', 'get', 'k']));
  test('wrong CA: unknown authority', () =>
    handshakeFails(
      [...FAST, '--endpoints', https, '--cacert', pki.otherCa, 'get', 'k'],
      `TLS handshake with 127.0.0.1:${port} failed: x509: certificate signed by unknown authority`,
    ));
  test('https without --cacert: system roots do not know the CA', () =>
    handshakeFails(
      [...FAST, '--endpoints', https, 'get', 'k'],
      `TLS handshake with 127.0.0.1:${port} failed: x509: certificate signed by unknown authority`,
    ));
  test('authentication at connect fails the same way, exit 2', () =>
    handshakeFails(
      [...FAST, '--endpoints', https, '--cacert', pki.otherCa, '--user', 'root:pw', 'get', 'k'],
      `TLS handshake with 127.0.0.1:${port} failed: x509: certificate signed by unknown authority`,
      2,
    ));
  test('plaintext client against the TLS server', () =>
    handshakeFails(
      [...FAST, '--endpoints', `http://127.0.0.1:${port}`, 'get', 'k'],
      `127.0.0.1:${port}: connection closed before server preface received (does the server require TLS? use an https:// endpoint or --cacert)`,
    ));
  test('3.6: --insecure-skip-tls-verify alone switches a bare endpoint to TLS (docs/etcdctl-behaviour.md §3.5 #4)', async () => {
    const o = await ours(['--endpoints', cluster.endpoints[0], '--insecure-skip-tls-verify', 'get', 'k']);
    assert.equal(o.err, '');
    assert.equal(o.out, 'k\nv\n');
    assert.equal(o.code, 0);
  });
  test('no Node deprecation warning for the IP address SNI', async () => {
    const o = await ours(['--endpoints', https, '--cacert', pki.ca, 'get', 'k']);
    assert.equal(o.err, '');
  });
  test('--cert without --key', () =>
    same(['--endpoints', https, '--cacert', pki.ca, '--cert', pki.server.cert, 'get', 'k']));
  test('missing CA file', () => same(['--endpoints', https, '--cacert', '/nonexistent/ca.crt', 'get', 'k']));
  test('empty --cacert', () => same(['--endpoints', https, '--cacert=', 'get', 'k']));
});

describe('bad server certificates', () => {
  let expired: Cluster;
  let wrongHost: Cluster;
  before(async () => {
    [expired, wrongHost] = await Promise.all([
      startCluster({ extraArgs: serverTlsArgs(pki, pki.serverExpired), clientTls: {} }),
      startCluster({ extraArgs: serverTlsArgs(pki, pki.serverWrongHost), clientTls: {} }),
    ]);
  });
  after(async () => {
    await Promise.all([expired?.stop(), wrongHost?.stop()]);
  });

  test('expired server certificate', () =>
    handshakeFails(
      [...FAST, '--endpoints', expired.clientUrls[0], '--cacert', pki.ca, 'get', 'k'],
      `TLS handshake with ${expired.endpoints[0]} failed: x509: certificate has expired or is not yet valid`,
    ));
  test('expired server certificate with --insecure-skip-tls-verify', () =>
    same(['--endpoints', expired.clientUrls[0], '--cacert', pki.ca, '--insecure-skip-tls-verify', 'put', 'k', 'v']));
  test('IP address not in the certificate', () =>
    handshakeFails(
      [...FAST, '--endpoints', wrongHost.clientUrls[0], '--cacert', pki.ca, 'get', 'k'],
      `TLS handshake with ${wrongHost.endpoints[0]} failed: x509: cannot validate certificate for 127.0.0.1 because it doesn't contain any IP SANs`,
    ));
  test('host name not in the certificate', () => {
    const port = wrongHost.members[0].clientPort;
    return handshakeFails(
      [...FAST, '--endpoints', `https://localhost:${port}`, '--cacert', pki.ca, 'get', 'k'],
      `TLS handshake with localhost:${port} failed: x509: certificate is valid for wrong.example, not localhost`,
    );
  });
});

describe('mutual TLS, client certificate CN as the etcd user', () => {
  let cluster: Cluster;
  let ep: string;
  let root: CertPair;
  let alice: CertPair;
  const as = (c: CertPair, ...args: string[]): string[] => [
    '--endpoints',
    ep,
    '--cacert',
    pki.ca,
    ...certArgs(c),
    ...args,
  ];
  before(async () => {
    root = pki.client('root');
    alice = pki.client('alice');
    cluster = await startCluster({ extraArgs: serverTlsArgs(pki, pki.server, true), clientTls: root });
    ep = cluster.clientUrls[0];
    for (const a of [
      ['put', '/a', '1'],
      ['user', 'add', 'root', '--no-password'],
      ['user', 'add', 'alice', '--no-password'],
      ['role', 'add', 'reader'],
      ['role', 'grant-permission', 'reader', 'read', '/a'],
      ['user', 'grant-role', 'alice', 'reader'],
      ['auth', 'enable'],
    ]) {
      const r = await real('3.4', as(root, ...a));
      assert.equal(r.code, 0, `${a.join(' ')}: ${r.err}`);
    }
  });
  after(async () => {
    await cluster?.stop();
  });

  test('CN=root administers users', () => same(as(root, 'user', 'list')));
  test('CN=root reads roles', () => same(as(root, 'role', 'get', 'reader', '-w', 'fields')));
  test('CN=alice reads what her role allows', () => same(as(alice, 'get', '/a')));
  test('CN=alice cannot write', () => same(as(alice, 'put', '/a', '2')));
  test('CN=alice cannot list users', () => same(as(alice, 'user', 'list')));
  test('--user overrides the certificate name', () => same(as(alice, '--user', 'root:nopw', 'user', 'list')));
  test('no client certificate', () =>
    handshakeFails(
      [...FAST, '--endpoints', ep, '--cacert', pki.ca, 'get', '/a'],
      `TLS handshake with ${cluster.endpoints[0]} failed: remote error: tls: bad certificate`,
    ));
  test('expired client certificate', () =>
    handshakeFails(
      [...FAST, ...as(pki.clientExpired('root'), 'get', '/a')],
      `TLS handshake with ${cluster.endpoints[0]} failed: remote error: tls: bad certificate`,
    ));
  test('client certificate from another CA', () =>
    handshakeFails(
      [...FAST, ...as(pki.clientOtherCa('root'), 'get', '/a')],
      `TLS handshake with ${cluster.endpoints[0]} failed: remote error: tls: bad certificate`,
    ));
});
