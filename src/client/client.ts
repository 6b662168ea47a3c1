/**
 * The one gRPC client every command uses: a channel over all endpoints
 * (round_robin, wait-for-ready), etcd's retry table for unary calls, the auth
 * token (fetched at creation, refreshed on `invalid auth token`; or, 3.7's
 * --auth-jwt-token, given and never refreshed), and streams that carry the same metadata.
 */
import { randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { CliError, ExitCode } from '../errors';
import type { GlobalConfig } from '../settings';
import { RELEASE } from '../compat';
import { Auth, type RpcMethod } from './methods';
import { parseEndpoint, type Endpoint } from './endpoints';
import { ENDPOINTS_OPTION, SCHEME, registerEtcdResolver } from './resolver';
import { channelCredentials, loadTls, usesTls, type TlsFiles } from './tls';
import { RpcError, toRpcError } from './grpc-errors';
import { GrpcCode } from './grpc-codes';
import { EtcdErr } from './etcd-errors';
import { backoffMs, needsNewToken, shouldRetry } from './retry';
import { optionalDeadline } from '../util/deadline';

export interface CallOptions {
  /** Absolute deadline, ms since the epoch (the command timeout); none: wait forever. */
  deadline?: number;
  signal?: AbortSignal;
}

export interface StreamOptions {
  /** Adds `hasleader: true`, as etcdctl's watches do. */
  requireLeader?: boolean;
  signal?: AbortSignal;
}

const MAX_ATTEMPTS = 100;
const DEFAULT_MAX_SEND = 2 * 1024 * 1024;
const DEFAULT_MAX_RECV = 2 ** 31 - 1;
const MIN_KEEPALIVE_MS = 10_000;

const nsToMs = (ns: bigint): number => Number(ns / 1_000_000n);

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

export interface Credentials {
  name: string;
  password: string;
}

/** A checked configuration, TLS files loaded: what connect() dials (see EtcdClient.plan). */
export interface DialPlan {
  cfg: GlobalConfig;
  endpoints: Endpoint[];
  tls: TlsFiles | undefined;
}

export interface ConnectOptions {
  /** Who to authenticate as; none: no authentication. */
  credentials?: Credentials;
  /** Receives the client's debug lines (retries); none: they are dropped. */
  debugLog?: (line: string) => void;
}

export class EtcdClient {
  private token: string | undefined;
  private readonly closed = new AbortController();
  private readonly maxSend: number;
  /** Long-lived helpers bound to this client (keep-alive loop), by name. */
  private readonly helpers = new Map<string, unknown>();
  /** What a TLS diagnosis needs (see explainDeadline); undefined: plaintext channel. */
  private tlsProbe: { tls: TlsFiles | undefined; serverName: string; useTls: boolean } | undefined;
  /** The last `context deadline exceeded` explained (explainDeadline): its text and notes. */
  private diagnosis: { message: string; notes: string[] } | undefined;

  private constructor(
    private readonly grpcClient: grpc.Client,
    readonly endpoints: Endpoint[],
    private readonly creds: Credentials | undefined,
    readonly config: GlobalConfig,
    private readonly debugLog: (line: string) => void,
  ) {
    this.maxSend = config.maxRequestBytes > 0n ? Number(config.maxRequestBytes) : DEFAULT_MAX_SEND;
  }

  /**
   * Checks the configuration and loads the TLS files (docs/etcdctl-behaviour.md §9.1), with etcdctl's
   * errors, before the caller asks for a password; `endpoints` replace the
   * configured list (per-endpoint commands).
   */
  static plan(cfg: GlobalConfig, endpoints: string[] = cfg.endpoints): DialPlan {
    const list = endpoints.map((e) => e.trim()).filter((e) => e !== '');
    if (list.length === 0) throw new CliError(ExitCode.BadConnection, 'etcdclient: no available endpoints');
    if (cfg.maxRequestBytes > 0n && cfg.maxRecvBytes > 0n && cfg.maxRequestBytes > cfg.maxRecvBytes) {
      throw new CliError(
        ExitCode.BadConnection,
        `gRPC message recv limit (${cfg.maxRecvBytes} bytes) must be greater than send limit (${cfg.maxRequestBytes} bytes)`,
      );
    }
    return { cfg, tls: loadTls(cfg), endpoints: list.map(parseEndpoint) };
  }

  /** Creates the client: channel, then authentication with the given credentials. */
  static async connect(plan: DialPlan, opts: ConnectOptions = {}): Promise<EtcdClient> {
    const { cfg, tls, endpoints } = plan;
    const first = endpoints[0];
    registerEtcdResolver();
    const options: grpc.ChannelOptions = {
      [ENDPOINTS_OPTION]: JSON.stringify(endpoints),
      'grpc.keepalive_time_ms': Math.max(nsToMs(cfg.keepaliveTime), MIN_KEEPALIVE_MS),
      'grpc.keepalive_timeout_ms': nsToMs(cfg.keepaliveTimeout),
      'grpc.keepalive_permit_without_calls': 0,
      'grpc.max_send_message_length': cfg.maxRequestBytes > 0n ? Number(cfg.maxRequestBytes) : DEFAULT_MAX_SEND,
      'grpc.max_receive_message_length': cfg.maxRecvBytes > 0n ? Number(cfg.maxRecvBytes) : DEFAULT_MAX_RECV,
      'grpc.ssl_target_name_override': tls?.serverName ?? first.serverName,
      'grpc.default_authority': first.authority,
      'grpc.enable_channelz': 0,
    };
    const target = `${SCHEME}://${randomBytes(4).toString('hex')}/${first.authority}`;
    const grpcClient = new grpc.Client(target, channelCredentials(first.security, tls), options);
    // A static token (3.7 --auth-jwt-token) wins outright: no Authenticate call, no refresh,
    // user and password ignored (docs/etcdctl-3.7-behaviour.md §2.2).
    const creds = cfg.authJwtToken !== '' ? undefined : opts.credentials;
    const client = new EtcdClient(grpcClient, endpoints, creds, cfg, opts.debugLog ?? (() => undefined));
    if (cfg.authJwtToken !== '') client.token = cfg.authJwtToken;
    client.tlsProbe = { tls, serverName: tls?.serverName ?? first.serverName, useTls: usesTls(first.security, tls) };
    if (creds && creds.password !== '') {
      try {
        await client.authenticate(optionalDeadline(cfg.dialTimeout));
      } catch (e) {
        const explained = await client.explainDeadline(e);
        client.close();
        if (explained instanceof RpcError) {
          const err = new CliError(ExitCode.BadConnection, explained.message);
          err.notes = client.transportNotes(explained.message);
          throw err;
        }
        throw e;
      }
    }
    return client;
  }

  /** Fetches a fresh token; `authentication is not enabled` leaves none. */
  async authenticate(deadline?: number): Promise<void> {
    if (!this.creds) return;
    this.token = undefined;
    try {
      const res = await this.callOnce(
        Auth.authenticate,
        { name: this.creds.name, password: this.creds.password },
        { deadline },
      );
      this.token = res.token;
    } catch (e) {
      if (e instanceof RpcError && e.details === EtcdErr.AuthNotEnabled) return;
      throw e;
    }
  }

  private metadata(requireLeader = false): grpc.Metadata {
    const md = new grpc.Metadata({ waitForReady: true });
    md.set('client-api-version', RELEASE[this.config.compat].api);
    if (this.token) md.set('token', this.token);
    if (requireLeader) md.set('hasleader', 'true');
    return md;
  }

  private callOnce<Req, Res>(method: RpcMethod<Req, Res>, req: Req, opts: CallOptions): Promise<Res> {
    // Checked here so that the error reads as grpc-go's (grpc-js words it differently).
    const bytes = method.requestSerialize(req);
    if (bytes.length > this.maxSend) {
      const details = `trying to send message larger than max (${bytes.length} vs. ${this.maxSend})`;
      return Promise.reject(
        new RpcError(GrpcCode.RESOURCE_EXHAUSTED, details, `rpc error: code = ResourceExhausted desc = ${details}`),
      );
    }
    return new Promise<Res>((resolve, reject) => {
      const callOpts: grpc.CallOptions = opts.deadline !== undefined ? { deadline: opts.deadline } : {};
      const call = this.grpcClient.makeUnaryRequest(
        method.path,
        () => bytes,
        (b: Buffer) => method.responseDeserialize(b),
        req,
        this.metadata(),
        callOpts,
        (err, res) => {
          opts.signal?.removeEventListener('abort', onAbort);
          if (err) {
            const passed = opts.deadline !== undefined && Date.now() >= opts.deadline;
            reject(toRpcError(err, passed, opts.signal?.aborted === true));
          } else resolve(res as Res);
        },
      );
      const onAbort = (): void => call.cancel();
      opts.signal?.addEventListener('abort', onAbort);
    });
  }

  /** A unary RPC under etcd's retry rules (docs/etcdctl-behaviour.md §9.2). */
  async unary<Req, Res>(method: RpcMethod<Req, Res>, req: Req, opts: CallOptions = {}): Promise<Res> {
    try {
      return await this.unaryWithRetries(method, req, opts);
    } catch (e) {
      throw await this.explainDeadline(e);
    }
  }

  /**
   * `context deadline exceeded`: every endpoint is probed once (tls-diagnose). On a
   * channel that never became ready, a TLS handshake failure is appended to the
   * message in parentheses (a deliberate difference: etcdctl hides it in a log
   * line). Each endpoint's transport error becomes a `<host:port>: <cause>` note,
   * printed on stderr after the `Error:` line (see transportNotes). Other errors
   * are returned unchanged.
   */
  async explainDeadline(e: unknown): Promise<unknown> {
    if (!(e instanceof RpcError) || !this.tlsProbe || !isDeadlineText(e)) return e;
    // A server-side deadline (`rpc error: code = Unknown desc = context deadline exceeded`,
    // e.g. a txn at quorum loss) keeps its text; only its notes are added.
    const own = e.message === DEADLINE_TEXT;
    const ready = !own || this.grpcClient.getChannel().getConnectivityState(false) === grpc.connectivityState.READY;
    const { diagnoseEndpoints } = await import('./tls-diagnose');
    const p = this.tlsProbe;
    const found = await diagnoseEndpoints(
      this.endpoints,
      p.useTls ? (p.tls ?? { skipVerify: false }) : undefined,
      p.serverName,
    );
    const named = ready ? undefined : found.find((d) => d.security !== undefined);
    const message = named ? `${e.message} (${named.security})` : e.message;
    const notes = found
      .filter((d) => d.transport !== undefined && d !== named)
      .map((d) => `${d.where}: ${d.transport}\n`);
    this.diagnosis = { message, notes };
    return named ? new RpcError(e.code, e.details, message) : e;
  }

  /**
   * The per-endpoint transport errors found when the error `message` (the text the
   * command ends with: the diagnosed text itself, or a wrapping of it such as
   * `failed to grant lease (context deadline exceeded)`) was diagnosed; none for any other error.
   */
  transportNotes(message: string): string[] {
    return this.diagnosis !== undefined && message.includes(this.diagnosis.message) ? this.diagnosis.notes : [];
  }

  private async unaryWithRetries<Req, Res>(method: RpcMethod<Req, Res>, req: Req, opts: CallOptions): Promise<Res> {
    let last: RpcError | undefined;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (attempt > 0) {
        const ms = backoffMs(attempt, this.endpoints.length);
        if (ms > 0)
          await sleep(
            opts.deadline !== undefined ? Math.min(ms, Math.max(0, opts.deadline - Date.now())) : ms,
            opts.signal,
          );
        if (opts.signal?.aborted) throw new RpcError(GrpcCode.CANCELLED, '', 'context canceled');
        if (opts.deadline !== undefined && Date.now() >= opts.deadline) {
          throw new RpcError(GrpcCode.DEADLINE_EXCEEDED, '', 'context deadline exceeded');
        }
      }
      try {
        return await this.callOnce(method, req, opts);
      } catch (e) {
        if (!(e instanceof RpcError)) throw e;
        last = e;
        this.debugLog(
          `retrying of unary invoker failed: method=${method.path} attempt=${attempt} error=${JSON.stringify(e.message)}`,
        );
        if (e.code === GrpcCode.DEADLINE_EXCEEDED || e.code === GrpcCode.CANCELLED) {
          if (e.message === 'context deadline exceeded' || e.message === 'context canceled') throw e;
          continue;
        }
        // Only a client holding a password can fetch a token (Go: authTokenBundle != nil).
        if (this.creds && this.creds.password !== '' && needsNewToken(e.details)) {
          await this.authenticate(opts.deadline);
          continue;
        }
        if (!shouldRetry(method.path, e.code, e.details, this.endpoints.length)) throw e;
      }
    }
    throw last as RpcError;
  }

  /** Opens a bidirectional stream with a fresh token (3.6 re-authenticates per stream). */
  async bidi<Req, Res>(
    method: RpcMethod<Req, Res>,
    opts: StreamOptions = {},
  ): Promise<grpc.ClientDuplexStream<Req, Res>> {
    if (this.creds && this.creds.password !== '') await this.authenticate();
    const stream = this.grpcClient.makeBidiStreamRequest(
      method.path,
      (v: Req) => method.requestSerialize(v),
      (b: Buffer) => method.responseDeserialize(b),
      this.metadata(opts.requireLeader),
      {},
    );
    opts.signal?.addEventListener('abort', () => stream.cancel());
    return stream;
  }

  /** Opens a server stream (snapshot). */
  async serverStream<Req, Res>(
    method: RpcMethod<Req, Res>,
    req: Req,
    opts: StreamOptions & CallOptions = {},
  ): Promise<grpc.ClientReadableStream<Res>> {
    if (this.creds && this.creds.password !== '') await this.authenticate(opts.deadline);
    const stream = this.grpcClient.makeServerStreamRequest(
      method.path,
      (v: Req) => method.requestSerialize(v),
      (b: Buffer) => method.responseDeserialize(b),
      req,
      this.metadata(opts.requireLeader),
      opts.deadline !== undefined ? { deadline: opts.deadline } : {},
    );
    opts.signal?.addEventListener('abort', () => stream.cancel());
    return stream;
  }

  /** The client's one instance of a long-lived helper (e.g. the lease keep-alive loop). */
  shared<T>(name: string, make: () => T): T {
    if (!this.helpers.has(name)) this.helpers.set(name, make());
    return this.helpers.get(name) as T;
  }

  /** Aborted when the client is closed: long-running helpers hang their work on it. */
  get closedSignal(): AbortSignal {
    return this.closed.signal;
  }

  close(): void {
    this.closed.abort();
    this.grpcClient.close();
  }
}

const DEADLINE_TEXT = 'context deadline exceeded';

/** Our own deadline, or the server's reported as `code = Unknown desc = context deadline exceeded`. */
function isDeadlineText(e: RpcError): boolean {
  return e.message === DEADLINE_TEXT || (e.code === GrpcCode.UNKNOWN && e.details === DEADLINE_TEXT);
}
