import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, StoreOpenError, type DbHandle } from './client.js';
import { DataDirLockedError } from './data-dir-lock.js';

// These tests use the embedded database on disk in temporary folders; they need no test database.
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mpw-store-'));
  dirs.push(dir);
  return dir;
}

/** Every file below `dir` with its size and modification time, to prove nothing was touched. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const st = statSync(path.join(dir, name));
    out[name] = `${st.isDirectory() ? 'dir' : st.size}:${st.mtimeMs}`;
  }
  return out;
}

async function openRejection(options: Parameters<typeof openDatabase>[0]): Promise<Error> {
  try {
    const handle = await openDatabase(options);
    await handle.close();
  } catch (err) {
    return err as Error;
  }
  throw new Error('openDatabase should have failed');
}

describe('embedded store on disk', () => {
  it('creates the store, refuses a second open of the same folder, and keeps the data after close and reopen', async () => {
    const dir = tempDir();
    let handle: DbHandle | null = await openDatabase({ dataDir: dir });
    try {
      expect(handle.kind).toBe('pglite');
      expect(handle.dataDir).toBe(dir);
      expect(existsSync(path.join(dir, 'pgdata', 'PG_VERSION'))).toBe(true);
      expect(JSON.parse(readFileSync(path.join(dir, 'micropower.lock'), 'utf8')).pid).toBe(process.pid);
      await handle.db.execute(sql`create table kept (v text)`);
      await handle.db.execute(sql`insert into kept values ('村务公开')`);

      const second = await openRejection({ dataDir: dir });
      expect(second).toBeInstanceOf(DataDirLockedError);
      expect(second.message).toContain(dir);

      await handle.close();
      handle = null;
      expect(existsSync(path.join(dir, 'micropower.lock'))).toBe(false);

      handle = await openDatabase({ dataDir: dir });
      expect(await queryRows(handle.db, sql`select v from kept`)).toEqual([{ v: '村务公开' }]);
    } finally {
      await handle?.close();
    }
    // Two cold starts of the embedded database: slow on a loaded machine.
  }, 180_000);

  it('refuses a pgdata folder that is not a database, explains how to restore, and changes nothing', async () => {
    const dir = tempDir();
    const pgdata = path.join(dir, 'pgdata');
    mkdirSync(pgdata);
    writeFileSync(path.join(pgdata, 'notes.txt'), 'not a database');
    mkdirSync(path.join(pgdata, 'base'));
    const before = snapshot(pgdata);

    const err = await openRejection({ dataDir: dir });
    expect(err).toBeInstanceOf(StoreOpenError);
    expect(err.message).toContain(pgdata);
    expect(err.message).toContain('恢复步骤');
    expect(err.message).toContain('micropower restore');
    expect(err.message).toContain('audit verify');
    expect(err.message).toMatch(/never recreated/);

    expect(snapshot(pgdata)).toEqual(before);
    expect(readFileSync(path.join(pgdata, 'notes.txt'), 'utf8')).toBe('not a database');
    expect(existsSync(path.join(pgdata, 'PG_VERSION'))).toBe(false);
    // The refused open released its lock: trying again gives the same answer, not "in use".
    expect(existsSync(path.join(dir, 'micropower.lock'))).toBe(false);
    expect(await openRejection({ dataDir: dir })).toBeInstanceOf(StoreOpenError);
    expect(snapshot(pgdata)).toEqual(before);
  });
});
