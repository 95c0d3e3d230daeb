import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, type DataDirLock } from './data-dir-lock.js';

const dirs: string[] = [];
const locks: DataDirLock[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mpw-lock-'));
  dirs.push(dir);
  return dir;
}

function acquire(dir: string): DataDirLock {
  const lock = acquireDataDirLock(dir);
  locks.push(lock);
  return lock;
}

afterEach(() => {
  for (const l of locks.splice(0)) l.release();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const lockFile = (dir: string) => path.join(dir, 'micropower.lock');
const writeLock = (dir: string, holder: object) => writeFileSync(lockFile(dir), JSON.stringify(holder));

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  expect(r.status).toBe(0);
  return r.pid!;
}

describe('data folder lock', () => {
  it('writes a lock naming this process, refuses a second holder with the folder in the message, and frees it on release', () => {
    const dir = tempDir();
    const lock = acquire(dir);
    const content = JSON.parse(readFileSync(lockFile(dir), 'utf8'));
    expect(content).toMatchObject({ pid: process.pid, host: os.hostname() });

    let error: unknown;
    try {
      acquireDataDirLock(dir);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as Error).message).toContain(dir);
    expect((error as Error).message).toContain(`pid ${process.pid}`);
    // The refused attempt left the holder's lock alone.
    expect(JSON.parse(readFileSync(lockFile(dir), 'utf8')).pid).toBe(process.pid);

    lock.release();
    expect(existsSync(lockFile(dir))).toBe(false);
    lock.release(); // twice is harmless
    const again = acquire(dir);
    expect(existsSync(lockFile(dir))).toBe(true);
    again.release();
  });

  it('does not register an exit listener per lock that outlives it', () => {
    const dir = tempDir();
    const before = process.listenerCount('exit');
    for (let i = 0; i < 20; i++) acquireDataDirLock(dir).release();
    expect(process.listenerCount('exit')).toBe(before);
  });

  it('takes over a stale lock left by a dead process on this host', () => {
    const dir = tempDir();
    const pid = deadPid();
    writeLock(dir, { pid, host: os.hostname(), since: '2026-01-01T00:00:00.000Z' });
    acquire(dir);
    expect(JSON.parse(readFileSync(lockFile(dir), 'utf8')).pid).toBe(process.pid);
  });

  it('refuses a lock held by a live process, or by a process on another host', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeLock(dir, { pid: child.pid, host: os.hostname(), since: '2026-01-01T00:00:00.000Z' });
      expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
      expect(() => acquireDataDirLock(dir)).toThrow(`pid ${child.pid}`);
    } finally {
      child.kill();
    }
    // The same pid on another machine (a shared folder) cannot be checked, so it is respected.
    writeLock(dir, { pid: deadPid(), host: `${os.hostname()}-elsewhere`, since: '2026-01-01T00:00:00.000Z' });
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
  });

  it('release leaves a lock that another process has taken in the meantime', () => {
    const dir = tempDir();
    const lock = acquire(dir);
    writeLock(dir, { pid: process.pid + 100000, host: os.hostname(), since: 'later' });
    lock.release();
    expect(existsSync(lockFile(dir))).toBe(true);
  });

  it('takes over an empty lock left by a crash, but only once it is old', () => {
    const dir = tempDir();
    writeFileSync(lockFile(dir), '');
    // A fresh empty lock may belong to a process that is just writing it.
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockFile(dir), old, old);
    acquire(dir);
    expect(JSON.parse(readFileSync(lockFile(dir), 'utf8')).pid).toBe(process.pid);
  });
});
