/**
 * What command lines run by one `batch` share: the global flags given on the
 * batch line, and the connections, kept open from one line to the next and
 * closed when the batch ends. A line that needs another connection (other
 * endpoints, TLS files or user) gets a client of its own, kept for later lines.
 */
import type { EtcdClient } from '../client/client';
import type { FlagValue } from '../cli/flags';

export interface InheritedFlags {
  values: ReadonlyMap<string, FlagValue>;
  changed: ReadonlySet<string>;
}

export class ClientPool {
  private readonly clients = new Map<string, Promise<EtcdClient>>();

  /** The client made for `key`, or a new one from `make` (a failed attempt is not kept). */
  get(key: string, make: () => Promise<EtcdClient>): Promise<EtcdClient> {
    let c = this.clients.get(key);
    if (!c) {
      c = make();
      this.clients.set(key, c);
      c.catch(() => this.clients.delete(key));
    }
    return c;
  }

  async close(): Promise<void> {
    const all = [...this.clients.values()];
    this.clients.clear();
    for (const c of await Promise.allSettled(all)) if (c.status === 'fulfilled') c.value.close();
  }
}

export interface RunSession {
  /** Global flags of the batch line: apply where a line does not give the flag itself. */
  inherited?: InheritedFlags;
  clients?: ClientPool;
}

/** A pool key: everything of the configuration that shapes a connection (secrets stay in memory). */
export function connectionKey(parts: Record<string, unknown>): string {
  return JSON.stringify(parts, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
