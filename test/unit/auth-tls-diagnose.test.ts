// Node TLS errors -> the cause we append to `context deadline exceeded` (a deliberate
// difference from etcdctl, which hides it in a log line). Texts follow Go's crypto/tls and x509.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeTlsError } from '../../src/client/tls-diagnose';

const err = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(code), { code, ...extra });

test('verification failures', () => {
  for (const code of [
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  ]) {
    assert.equal(describeTlsError(err(code), '127.0.0.1'), 'x509: certificate signed by unknown authority');
  }
  assert.equal(describeTlsError(err('CERT_HAS_EXPIRED'), 'h'), 'x509: certificate has expired or is not yet valid');
  assert.equal(describeTlsError(err('CERT_NOT_YET_VALID'), 'h'), 'x509: certificate has expired or is not yet valid');
});

test('host name mismatch', () => {
  const cert = { subjectaltname: 'DNS:wrong.example, DNS:other.example' };
  assert.equal(
    describeTlsError(err('ERR_TLS_CERT_ALTNAME_INVALID', { cert }), 'localhost'),
    'x509: certificate is valid for wrong.example, other.example, not localhost',
  );
  assert.equal(
    describeTlsError(err('ERR_TLS_CERT_ALTNAME_INVALID', { cert }), '127.0.0.1'),
    "x509: cannot validate certificate for 127.0.0.1 because it doesn't contain any IP SANs",
  );
  const ips = { subjectaltname: 'IP Address:10.0.0.1, DNS:x' };
  assert.equal(
    describeTlsError(err('ERR_TLS_CERT_ALTNAME_INVALID', { cert: ips }), '127.0.0.1'),
    'x509: certificate is valid for 10.0.0.1, not 127.0.0.1',
  );
});

test('alerts from the server', () => {
  assert.equal(describeTlsError(err('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE'), 'h'), 'remote error: tls: bad certificate');
  assert.equal(
    describeTlsError(err('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'), 'h'),
    'remote error: tls: certificate required',
  );
  assert.equal(
    describeTlsError(err('ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED'), 'h'),
    'remote error: tls: expired certificate',
  );
  assert.equal(
    describeTlsError(err('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA'), 'h'),
    'remote error: tls: unknown certificate authority',
  );
});

test('not TLS on the other side; plain network errors are no TLS cause', () => {
  assert.equal(
    describeTlsError(err('ERR_SSL_WRONG_VERSION_NUMBER'), 'h'),
    'tls: first record does not look like a TLS handshake',
  );
  assert.equal(describeTlsError(err('ECONNREFUSED'), 'h'), undefined);
  assert.equal(describeTlsError(err('ECONNRESET'), 'h'), undefined);
});
