/**
 * A throwaway PKI for TLS tests, made with the openssl CLI in a temporary
 * directory: a test CA, a second ("wrong") CA, server certificates (valid,
 * expired, wrong host name), client certificates (CN = an etcd user name;
 * one expired, one from the wrong CA). EC P-256 keys keep generation fast.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CertPair {
  cert: string;
  key: string;
}

export interface TestPki {
  dir: string;
  /** The CA that signed the server and the client certificates. */
  ca: string;
  /** Another CA: trusting it instead of `ca` makes verification fail. */
  otherCa: string;
  /** Server certificate for 127.0.0.1 and localhost. */
  server: CertPair;
  /** Server certificate whose validity ended in 2020. */
  serverExpired: CertPair;
  /** Server certificate valid only for `wrong.example` (no IP SAN). */
  serverWrongHost: CertPair;
  /** Client certificate with CN=<name> signed by `ca`. */
  client(cn: string): CertPair;
  /** Client certificate with CN=<name>, expired. */
  clientExpired(cn: string): CertPair;
  /** Client certificate with CN=<name> signed by `otherCa`. */
  clientOtherCa(cn: string): CertPair;
  cleanup(): void;
}

interface Ca {
  dir: string;
  cert: string;
  key: string;
  conf: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function makeCa(root: string, name: string): Ca {
  const dir = join(root, name);
  mkdirSync(join(dir, 'issued'), { recursive: true });
  writeFileSync(join(dir, 'index.txt'), '');
  // openssl wants an even number of hex digits; a random serial keeps certificates distinct.
  writeFileSync(join(dir, 'serial'), `1${randomBytes(7).toString('hex')}0\n`);
  const conf = join(dir, 'ca.cnf');
  writeFileSync(
    conf,
    [
      '[ca]',
      'default_ca = test_ca',
      '[test_ca]',
      `dir = ${dir}`,
      'database = $dir/index.txt',
      'serial = $dir/serial',
      'new_certs_dir = $dir/issued',
      'certificate = $dir/ca.crt',
      'private_key = $dir/ca.key',
      'default_md = sha256',
      'policy = any_policy',
      'unique_subject = no',
      'copy_extensions = none',
      '[any_policy]',
      'commonName = supplied',
      '',
    ].join('\n'),
  );
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '3',
      '-subj',
      `/CN=etcdctl-ts ${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  return { dir, cert: join(dir, 'ca.crt'), key: join(dir, 'ca.key'), conf };
}

let counter = 0;

function issue(root: string, ca: Ca, cn: string, ext: string[], expired: boolean): CertPair {
  const base = join(root, `${cn.replace(/[^A-Za-z0-9_.-]/g, '_')}-${++counter}`);
  const extFile = `${base}.ext`;
  writeFileSync(
    extFile,
    ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', ...ext, ''].join('\n'),
  );
  openssl(
    [
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      `${base}.key`,
      '-out',
      `${base}.csr`,
      '-subj',
      `/CN=${cn}`,
    ],
    root,
  );
  const dates = expired ? ['-startdate', '20200101000000Z', '-enddate', '20200102000000Z'] : ['-days', '2'];
  openssl(
    [
      'ca',
      '-batch',
      '-notext',
      '-config',
      ca.conf,
      '-in',
      `${base}.csr`,
      '-out',
      `${base}.crt`,
      '-extfile',
      extFile,
      ...dates,
    ],
    root,
  );
  return { cert: `${base}.crt`, key: `${base}.key` };
}

const SERVER_EXT = ['extendedKeyUsage=serverAuth,clientAuth', 'subjectAltName=IP:127.0.0.1,DNS:localhost'];
const CLIENT_EXT = ['extendedKeyUsage=clientAuth'];

/** Creates the PKI (about a second of openssl work). Call cleanup() when done. */
export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'etcdctl-ts-pki-'));
  const ca = makeCa(dir, 'ca');
  const other = makeCa(dir, 'other-ca');
  return {
    dir,
    ca: ca.cert,
    otherCa: other.cert,
    server: issue(dir, ca, 'etcd-server', SERVER_EXT, false),
    serverExpired: issue(dir, ca, 'etcd-server-expired', SERVER_EXT, true),
    serverWrongHost: issue(
      dir,
      ca,
      'wrong.example',
      ['extendedKeyUsage=serverAuth', 'subjectAltName=DNS:wrong.example'],
      false,
    ),
    client: (cn) => issue(dir, ca, cn, CLIENT_EXT, false),
    clientExpired: (cn) => issue(dir, ca, cn, CLIENT_EXT, true),
    clientOtherCa: (cn) => issue(dir, other, cn, CLIENT_EXT, false),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** etcd server flags for client-facing TLS with these files. */
export function serverTlsArgs(pki: TestPki, pair: CertPair = pki.server, clientCertAuth = false): string[] {
  const args = [`--cert-file=${pair.cert}`, `--key-file=${pair.key}`];
  if (clientCertAuth) args.push(`--trusted-ca-file=${pki.ca}`, '--client-cert-auth');
  return args;
}
