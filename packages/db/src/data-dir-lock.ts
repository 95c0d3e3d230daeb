import { closeSync, openSync, readFileSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface DataDirLock {
  release(): void;
}

export class DataDirLockedError extends Error {
  constructor(dataDir: string, holder: string) {
    super(
      `数据目录 ${dataDir} 已被另一个进程使用 (${holder})。嵌入式数据库只允许一个进程打开；` +
        `请先停止那个进程，或用 DATABASE_URL 连接 PostgreSQL 以运行多个实例。\n` +
        `The data folder ${dataDir} is in use by another process (${holder}). Stop it first, or use PostgreSQL (DATABASE_URL) to run several instances.`,
    );
    this.name = 'DataDirLockedError';
  }
}

const EMPTY_LOCK_GRACE_MS = 10_000;

/** Age of the lock file; a file that vanished meanwhile counts as infinitely old (free). */
function lockAgeMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return Infinity;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An exclusive lock file in the data folder. PGlite has no lock of its own and two
 * processes writing one folder would corrupt it. A lock left by a dead process on
 * this host is taken over.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const file = path.join(dataDir, 'micropower.lock');
  const content = JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, content);
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.removeListener('exit', release);
        try {
          const current = JSON.parse(readFileSync(file, 'utf8')) as { pid: number };
          if (current.pid === process.pid) unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder: { pid?: number; host?: string; since?: string } = {};
      let raw = '';
      try {
        raw = readFileSync(file, 'utf8');
        holder = JSON.parse(raw);
      } catch {
        /* unreadable lock: treat as stale below only if empty */
      }
      const sameHost = holder.host === os.hostname();
      // An empty lock is what a crash (power loss) between creating and writing it leaves behind;
      // a young one may still be being written by a starting process.
      const emptyAndOld = raw.trim() === '' && lockAgeMs(file) > EMPTY_LOCK_GRACE_MS;
      if ((holder.pid && sameHost && !isAlive(holder.pid)) || emptyAndOld) {
        rmSync(file, { force: true });
        continue;
      }
      throw new DataDirLockedError(dataDir, `pid ${holder.pid ?? '?'} on ${holder.host ?? '?'} since ${holder.since ?? '?'}`);
    }
  }
  throw new DataDirLockedError(dataDir, 'unknown');
}
