/**
 * The rig's process registry and cleanup (no module-level mutable state).
 *
 * All mutable state lives in ONE object created by createRigState() and stored on
 * globalThis under Symbol.for('etcdctl-ts.test-rig'); rigState() returns it. Every spawned
 * etcd is registered there (pid -> process + data dir) and every cluster temp folder too.
 * On the first start, handlers are installed once: process.on('exit') and SIGINT/SIGTERM/
 * SIGHUP SIGKILL any still-registered etcd and remove the temp folders (signal handlers then
 * re-raise the signal so the process still dies of it). If a test process is SIGKILLed
 * (nothing can run then), the next startCluster() in any process reaps its leftovers: temp
 * folders whose owner.json names a dead owner PID get their etcd PIDs SIGKILLed (only if
 * /proc/<pid>/cmdline still mentions the data dir) and are removed.
 */
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EtcdFlavor } from './binaries';

interface TrackedProcess {
  pid: number;
  child: ChildProcess;
  dataDir: string;
}

/** The rig's only mutable state; one per process, see rigState(). */
export interface RigState {
  /** Every live etcd process started by this process, by PID. */
  readonly processes: Map<number, TrackedProcess>;
  /** Cluster temp folders not removed yet. */
  readonly tempDirs: Set<string>;
  /** In-flight / finished binary preparation per flavor. */
  readonly prepared: Map<EtcdFlavor, Promise<void>>;
  handlersInstalled: boolean;
  orphansReaped: boolean;
}

const STATE_KEY = Symbol.for('etcdctl-ts.test-rig');
/** Prefix of every cluster temp folder (under os.tmpdir()). */
export const TEMP_PREFIX = 'etcdctl-ts-rig-';

function createRigState(): RigState {
  return {
    processes: new Map(),
    tempDirs: new Set(),
    prepared: new Map(),
    handlersInstalled: false,
    orphansReaped: false,
  };
}

/** The per-process rig state (created on first use, kept on globalThis under a Symbol). */
export function rigState(): RigState {
  const g = globalThis as unknown as Record<symbol, RigState | undefined>;
  let state = g[STATE_KEY];
  if (!state) {
    state = createRigState();
    g[STATE_KEY] = state;
  }
  return state;
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function killAllSync(state: RigState): void {
  for (const proc of state.processes.values()) {
    try {
      process.kill(proc.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  state.processes.clear();
  for (const dir of state.tempDirs) {
    try {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    } catch {
      // best effort
    }
  }
  state.tempDirs.clear();
}

export function installHandlers(state: RigState): void {
  if (state.handlersInstalled) return;
  state.handlersInstalled = true;
  process.on('exit', () => killAllSync(state));
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      killAllSync(state);
      process.removeListener(sig, onSignal);
      // die of the same signal unless somebody else handles it
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

interface OwnerFile {
  ownerPid: number;
  members: Array<{ pid: number; dataDir: string }>;
}

export function writeOwnerFile(tempDir: string, members: Array<{ pid: number | undefined; dataDir: string }>) {
  const data: OwnerFile = {
    ownerPid: process.pid,
    members: members
      .filter((m): m is { pid: number; dataDir: string } => m.pid !== undefined)
      .map((m) => ({ pid: m.pid, dataDir: m.dataDir })),
  };
  try {
    fs.writeFileSync(path.join(tempDir, 'owner.json'), JSON.stringify(data));
  } catch {
    // temp dir already removed
  }
}

/** Kills etcd processes + removes temp folders left by test processes that died without cleanup. */
export function reapOrphans(): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(os.tmpdir());
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith(TEMP_PREFIX)) continue;
    const dir = path.join(os.tmpdir(), entry);
    let owner: OwnerFile;
    try {
      owner = JSON.parse(fs.readFileSync(path.join(dir, 'owner.json'), 'utf8')) as OwnerFile;
    } catch {
      continue; // being set up right now, or not ours
    }
    if (owner.ownerPid === process.pid || pidAlive(owner.ownerPid)) continue;
    for (const m of owner.members ?? []) {
      try {
        const cmdline = fs.readFileSync(`/proc/${m.pid}/cmdline`, 'utf8');
        if (cmdline.includes(m.dataDir)) process.kill(m.pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  }
}
