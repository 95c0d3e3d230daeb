import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where Debian puts the PostgreSQL server programs. */
export const PG_BIN = process.env.MPW_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Why a private cluster cannot be made here, or null when it can. */
export function privateClusterUnavailable(): string | null {
  for (const prog of ['initdb', 'pg_ctl', 'postgres']) {
    if (!existsSync(path.join(PG_BIN, prog))) return `PostgreSQL server programs not found in ${PG_BIN} (set MPW_PG_BIN)`;
  }
  if (process.getuid?.() === 0 && !existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser')) return 'running as root without runuser';
  return null;
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** PostgreSQL refuses to run as root: as root, run its programs as the `postgres` user. */
function asPostgres(prog: string, args: string[]): [string, string[]] {
  const bin = path.join(PG_BIN, prog);
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

function ownedByPostgres(dir: string): void {
  if (process.getuid?.() !== 0) return;
  const { uid, gid } = postgresIds();
  chownSync(dir, uid, gid);
}

function postgresIds(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('no postgres user in /etc/passwd');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Running, not a zombie: a killed server process whose parent has not reaped it yet counts as gone. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A throw-away PostgreSQL server of its own (data folder in a temporary directory, its own port
 * and socket folder) that a test may crash at will — never the machine's shared server.
 */
export class PrivateCluster {
  readonly dir: string;
  readonly dataDir: string;
  readonly port: number;
  private constructor(dir: string, port: number) {
    this.dir = dir;
    this.dataDir = path.join(dir, 'data');
    this.port = port;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** initdb (fsync stays on for the server; only the initial copy skips it) and start. */
  static async create(): Promise<PrivateCluster> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mpw-crash-pg-'));
    ownedByPostgres(dir);
    const cluster = new PrivateCluster(dir, await freePort());
    try {
      const [cmd, args] = asPostgres('initdb', ['-D', cluster.dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
      await run(cmd, args);
      writeFileSync(
        path.join(cluster.dataDir, 'postgresql.auto.conf'),
        [`port = ${cluster.port}`, `listen_addresses = '127.0.0.1'`, `unix_socket_directories = '${dir}'`, 'fsync = on', 'synchronous_commit = on', 'max_connections = 50', 'recovery_init_sync_method = syncfs', ''].join('\n'),
      );
      ownedByPostgres(path.join(cluster.dataDir, 'postgresql.auto.conf'));
      await cluster.start();
      return cluster;
    } catch (err) {
      await cluster.destroy();
      throw err;
    }
  }

  /** Starts the server and waits until it accepts connections (after crash recovery, if any). */
  async start(): Promise<void> {
    const [cmd, args] = asPostgres('pg_ctl', ['-D', this.dataDir, '-l', path.join(this.dir, 'server.log'), '-w', '-t', '60', 'start']);
    await run(cmd, args);
  }

  /** The postmaster's pid, from the first line of postmaster.pid; null when it is not running. */
  postmasterPid(): number | null {
    try {
      const pid = Number(readFileSync(path.join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      return pid > 0 && isAlive(pid) ? pid : null;
    } catch {
      return null;
    }
  }

  /**
   * SIGKILL to the postmaster, then to whatever is left of the server (its backends, which would
   * otherwise linger until they notice) — the whole server dies at once, as on a power cut: no
   * shutdown checkpoint, only what the WAL on disk holds survives.
   */
  async kill(): Promise<void> {
    const pid = this.postmasterPid();
    if (pid !== null) process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 600; i++) {
      const left = this.serverProcesses();
      // A restart refuses to start while the old postmaster's pid exists, even as a zombie: wait
      // until its parent (init) has reaped it.
      if (left.length === 0 && (pid === null || !existsSync(`/proc/${pid}`))) return;
      for (const p of left) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      await sleep(25);
    }
    throw new Error(`the server processes of ${this.dataDir} did not exit`);
  }

  /** Every live process of this server: PostgreSQL processes work in their data folder. */
  private serverProcesses(): number[] {
    if (!existsSync(this.dataDir)) return [];
    const dataDir = realpathSync(this.dataDir);
    const out: number[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (readlinkSync(`/proc/${entry}/cwd`) === dataDir && isAlive(Number(entry))) out.push(Number(entry));
      } catch {
        // Ended while we looked, or not ours to inspect.
      }
    }
    return out;
  }

  /** The server log (for the message of a failing test). */
  log(): string {
    try {
      return readFileSync(path.join(this.dir, 'server.log'), 'utf8');
    } catch {
      return '';
    }
  }

  /** Kills the server if it runs and removes every file of the cluster. */
  async destroy(): Promise<void> {
    await this.kill().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
