/**
 * Why could the channel not connect? etcdctl only says `context deadline
 * exceeded` when a TLS handshake fails (the cause is hidden in a log line).
 * After a call timed out, we open one probe connection per endpoint with the
 * channel's own TLS settings: a transport-security problem is named in the
 * `Error:` line itself; every endpoint's transport error (refused, timeout,
 * silent after connect, TLS) is also reported on a line of its own.
 */
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { checkServerIdentity, connect as tlsConnect, type PeerCertificate } from 'node:tls';
import type { Endpoint } from './endpoints';
import type { TlsFiles } from './tls';

/** The HTTP/2 client preface and an empty SETTINGS frame. */
const H2_PREFACE = Buffer.concat([
  Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'),
  Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]),
]);

/** TLS alerts by the OpenSSL reason suffix Node puts in err.code, with Go's alert texts. */
const ALERTS: Record<string, string> = {
  BAD_CERTIFICATE: 'bad certificate',
  UNSUPPORTED_CERTIFICATE: 'unsupported certificate',
  CERTIFICATE_REVOKED: 'revoked certificate',
  CERTIFICATE_EXPIRED: 'expired certificate',
  CERTIFICATE_UNKNOWN: 'unknown certificate',
  UNKNOWN_CA: 'unknown certificate authority',
  CERTIFICATE_REQUIRED: 'certificate required',
  HANDSHAKE_FAILURE: 'handshake failure',
  PROTOCOL_VERSION: 'protocol version not supported',
  DECRYPT_ERROR: 'error decrypting message',
  ACCESS_DENIED: 'access denied',
  INTERNAL_ERROR: 'internal error',
  NO_APPLICATION_PROTOCOL: 'no application protocol',
};

const UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
]);

/** The names Go lists in its host-name error: IP SANs for an IP host, else DNS SANs. */
function certNames(cert: PeerCertificate | undefined, ipHost: boolean): string[] {
  const prefix = ipHost ? 'IP Address:' : 'DNS:';
  return (cert?.subjectaltname ?? '')
    .split(', ')
    .filter((s) => s.startsWith(prefix))
    .map((s) => s.slice(prefix.length));
}

/** Go-like text for a Node TLS/socket error; undefined when it is no TLS problem. */
export function describeTlsError(
  err: NodeJS.ErrnoException & { reason?: string; host?: string; cert?: PeerCertificate },
  host: string,
): string | undefined {
  const code = err.code ?? '';
  if (UNKNOWN_AUTHORITY.has(code)) return 'x509: certificate signed by unknown authority';
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID')
    return 'x509: certificate has expired or is not yet valid';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const ipHost = isIP(host) !== 0;
    const names = certNames(err.cert, ipHost);
    if (ipHost && names.length === 0)
      return `x509: cannot validate certificate for ${host} because it doesn't contain any IP SANs`;
    return names.length > 0
      ? `x509: certificate is valid for ${names.join(', ')}, not ${host}`
      : `x509: certificate is not valid for any names, but wanted to match ${host}`;
  }
  const alert = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_(.+)$/.exec(code);
  if (alert) return `remote error: tls: ${ALERTS[alert[1]] ?? alert[1].toLowerCase().replace(/_/g, ' ')}`;
  if (
    code === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
    code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' ||
    code === 'ERR_SSL_UNKNOWN_PROTOCOL'
  ) {
    return 'tls: first record does not look like a TLS handshake';
  }
  if (code.startsWith('ERR_SSL_') || code.startsWith('CERT_') || code.startsWith('ERR_TLS_')) {
    return `tls: ${(err.reason ?? err.message).toLowerCase()}`;
  }
  return undefined;
}

interface ProbeTarget {
  endpoint: Endpoint;
  /** TLS settings of the channel; undefined: the channel is plaintext. */
  tls?: TlsFiles;
  /** Name the server certificate is checked against (the channel's target name). */
  serverName: string;
}

/** What one probe found out about one endpoint. */
export interface EndpointDiagnosis {
  /** "host:port" (or the unix socket path). */
  where: string;
  /** A transport-security problem, worded for the `Error:` line; undefined: none. */
  security?: string;
  /** The transport error, worded for a `<where>: <transport>` line; undefined: the member answered. */
  transport?: string;
}

/** Go's wording of the socket errors a dial can end with. */
const ERRNO_TEXT: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by peer',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable',
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPIPE: 'broken pipe',
  EADDRNOTAVAIL: 'cannot assign requested address',
};

function errnoText(e: NodeJS.ErrnoException): string {
  return ERRNO_TEXT[e.code ?? ''] ?? (e.code ? e.code : e.message);
}

/**
 * One probe: connect, (TLS handshake,) send the HTTP/2 preface and wait for the
 * server's first bytes.
 */
function probe(t: ProbeTarget, timeoutMs: number): Promise<EndpointDiagnosis> {
  const ep = t.endpoint;
  const where = ep.path ?? `${ep.host}:${ep.port}`;
  const base: { path: string } | { host: string; port: number } =
    ep.path !== undefined ? { path: ep.path } : { host: ep.host ?? '', port: ep.port ?? 0 };
  const secs = `${timeoutMs / 1000}s`;
  return new Promise((resolve) => {
    let socket: Socket;
    let settled = false;
    let tcpConnected = false;
    /** TLS: handshake completed; plaintext: TCP connected. The preface is sent then. */
    let ready = false;
    const finish = (transport?: string, security?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ where, transport, security });
    };
    // Decided after the poll phase (setImmediate): on a starved process, socket events already
    // due (a refusal, an answer) are handled first, so they are never reported as a timeout.
    const timer = setTimeout(
      () =>
        setImmediate(() => {
          if (!tcpConnected) finish(`i/o timeout (no connection within ${secs})`);
          // Connected, but no answer to the client hello: typically a plaintext server.
          else if (t.tls && !ready) {
            finish(
              `TLS handshake timed out after ${secs}`,
              `TLS handshake with ${where} timed out (is it a plaintext server? use an http:// endpoint)`,
            );
          } else finish(`connection accepted, but no answer within ${secs} (member hung or connection black-holed)`);
        }),
      timeoutMs,
    );
    if (t.tls) {
      const skip = t.tls.skipVerify;
      socket = tlsConnect({
        ...base,
        ca: t.tls.ca,
        cert: t.tls.cert,
        key: t.tls.key,
        rejectUnauthorized: !skip,
        servername: isIP(t.serverName) ? undefined : t.serverName,
        checkServerIdentity: skip ? () => undefined : (_host, cert) => checkServerIdentity(t.serverName, cert),
        ALPNProtocols: ['h2'],
      });
      socket.once('secureConnect', () => {
        ready = true;
        socket.write(H2_PREFACE);
      });
    } else {
      socket = netConnect(base, () => {
        ready = true;
        socket.write(H2_PREFACE);
      });
    }
    socket.once('connect', () => {
      tcpConnected = true;
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      let cause = t.tls ? describeTlsError(e, t.serverName) : undefined;
      if (cause === undefined && t.tls && tcpConnected && !ready && (e.code === 'ECONNRESET' || e.code === 'EPIPE')) {
        cause = 'the server closed the connection (is it a plaintext server? use an http:// endpoint)';
      }
      if (cause !== undefined) finish(`TLS handshake failed: ${cause}`, `TLS handshake with ${where} failed: ${cause}`);
      else finish(errnoText(e));
    });
    socket.once('data', (b: Buffer) => {
      // A TLS record (alert or handshake) in answer to plaintext: the server wants TLS.
      if (!t.tls && b.length >= 2 && (b[0] === 0x15 || b[0] === 0x16) && b[1] === 0x03) {
        finish('server speaks TLS', `${where} requires TLS: use an https:// endpoint or --cacert`);
      } else finish();
    });
    socket.once('close', () => {
      // A plaintext HTTP/2 server answers the preface; a TLS server drops it without a word.
      if (!t.tls && ready) {
        finish(
          'connection closed before server preface received',
          `${where}: connection closed before server preface received (does the server require TLS? use an https:// endpoint or --cacert)`,
        );
      } else finish('connection closed');
    });
  });
}

/**
 * Probes every endpoint at once (each for at most timeoutMs) with the channel's
 * TLS settings (undefined: plaintext); one diagnosis per endpoint, in order.
 */
export function diagnoseEndpoints(
  endpoints: Endpoint[],
  tls: TlsFiles | undefined,
  serverName: string,
  timeoutMs = 1000,
): Promise<EndpointDiagnosis[]> {
  return Promise.all(endpoints.map((endpoint) => probe({ endpoint, tls, serverName }, timeoutMs)));
}
