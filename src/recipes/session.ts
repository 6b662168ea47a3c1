/**
 * A concurrency session (docs/etcdctl-behaviour.md §10.1): a lease granted with the session TTL and
 * kept alive (TTL/3 cadence, src/client/keepalive.ts) until the session is
 * closed. `done` settles when the lease is lost (expired, revoked elsewhere,
 * or no keep-alive answer before its deadline).
 *
 * Unlike etcdctl, which lets the lease expire after the process exits, the
 * commands revoke it when they end (release()), so nothing lingers for a TTL.
 */
import type { EtcdClient } from '../client/client';
import { startKeepAlive, type KeepAliveHandle } from '../client/keepalive';
import { Lease } from '../client/methods';
import { LeaseGrantRequest, LeaseRevokeRequest } from '../proto/gen/rpc';
import { commandDeadline, SECOND } from '../util/deadline';

/** concurrency.defaultSessionTTL: used when the requested TTL is not positive. */
export const DEFAULT_SESSION_TTL = 60n;

/** How long release() may take for the revoke when no command timeout applies. */
const RELEASE_FALLBACK = 5n * SECOND;

export class Session {
  private released = false;

  private constructor(
    readonly client: EtcdClient,
    /** The session lease. */
    readonly lease: bigint,
    private readonly keepAlive: KeepAliveHandle,
  ) {}

  /** concurrency.NewSession: LeaseGrant (no timeout), then the keep-alive. */
  static async create(client: EtcdClient, ttl: bigint): Promise<Session> {
    const resp = await client.unary(
      Lease.leaseGrant,
      LeaseGrantRequest.fromPartial({ TTL: ttl > 0n ? ttl : DEFAULT_SESSION_TTL }),
    );
    const ka = startKeepAlive(client, resp.ID, () => undefined);
    return new Session(client, resp.ID, ka);
  }

  /** Resolves 'expired' when the lease is lost, 'canceled' once the session is closed. */
  get done(): Promise<'expired' | 'canceled'> {
    return this.keepAlive.done;
  }

  /** The lease ID as etcd's recipes put it in key names (`%x`). */
  get leaseHex(): string {
    return this.lease.toString(16);
  }

  /**
   * Stops the keep-alive and revokes the lease (which also deletes any key
   * still attached to it). Best effort: errors are ignored, and the revoke
   * gives up at `deadline` (default: 5 s from now) so that an unreachable
   * cluster cannot keep the process from exiting; the lease then expires.
   */
  async release(deadline?: number): Promise<void> {
    if (this.released) return;
    this.released = true;
    this.keepAlive.cancel();
    if (this.client.closedSignal.aborted) return;
    try {
      await this.client.unary(Lease.leaseRevoke, LeaseRevokeRequest.fromPartial({ ID: this.lease }), {
        deadline: deadline ?? commandDeadline(RELEASE_FALLBACK),
      });
    } catch {
      // The lease is gone already, or it will expire after its TTL.
    }
  }
}
