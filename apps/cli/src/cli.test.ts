import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '@mpw/db';
import { pgAdminUrl, testDbKind, testDbPrefix, withDatabase } from '../../server/test/test-db.js';
import { idNumberCheckChar } from '../../server/src/modules/books/books.policy.js';

/**
 * Runs the real `micropower` command against one store, one command after another, as an
 * operator would: the embedded database in a temporary folder, or (MPW_TEST_DB=postgres) a
 * fresh PostgreSQL database that this file creates and drops.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(repoRoot, 'apps/cli/bin/micropower.mjs');
const STEP_TIMEOUT = 100_000;

let dataDir: string;
let databaseUrl: string | undefined;
let pgName: string | undefined;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return cliOn({ dataDir, databaseUrl }, ...args);
}

/** The command against another store (a restore target). */
function cliOn(store: { dataDir: string; databaseUrl?: string }, ...args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, MICROPOWER_DATA_DIR: store.dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'production' };
  // Only this file's store and keys: nothing inherited from the calling shell.
  for (const key of Object.keys(env)) if (/^(MICROPOWER_|DATABASE_)/.test(key) && key !== 'MICROPOWER_DATA_DIR') delete env[key];
  if (store.databaseUrl) env.DATABASE_URL = store.databaseUrl;
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: repoRoot, env, timeout: 90_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

function expectOk(r: Run) {
  expect(r.code, `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`).toBe(0);
}

async function withStore<T>(work: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
  const handle = await openDatabase(databaseUrl ? { databaseUrl, poolSize: 1 } : { dataDir });
  try {
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'mpw-cli-'));
  if (testDbKind() === 'postgres') {
    // Named like every test database of this run, so a later run drops it if this one crashed.
    pgName = `${testDbPrefix()}cli_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgAdminUrl() });
    await admin.connect();
    await admin.query(`create database "${pgName}"`);
    await admin.end();
    databaseUrl = withDatabase(pgAdminUrl(), pgName);
  }
});

afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  if (restoreDir) rmSync(restoreDir, { recursive: true, force: true });
  for (const name of [pgName, restoreName]) {
    if (!name) continue;
    const admin = new pg.Client({ connectionString: pgAdminUrl() });
    await admin.connect();
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
});

let restoreDir: string | undefined;
let restoreName: string | undefined;

describe('micropower --help', () => {
  it('lists every command, and each command has its own help', { timeout: STEP_TIMEOUT }, async () => {
    const top = await cli('--help');
    expectOk(top);
    for (const command of ['serve', 'db', 'demo', 'user', 'region', 'audit']) expect(top.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));

    const verbs: Record<string, string[]> = {
      serve: ['PORT'],
      db: ['migrate'],
      demo: ['seed'],
      user: ['add', 'reset-password', 'disable', 'enable'],
      region: ['import'],
      audit: ['verify', 'checkpoint'],
      households: ['cards'],
    };
    const helps = await Promise.all(Object.keys(verbs).map((v) => cli(v, '--help')));
    Object.entries(verbs).forEach(([verb, words], i) => {
      expectOk(helps[i]!);
      expect(helps[i]!.stdout).toContain(`Usage: micropower ${verb}`);
      for (const w of words) expect(helps[i]!.stdout).toContain(w);
    });
    const add = await cli('user', 'add', '--help');
    expectOk(add);
    for (const option of ['--username', '--name', '--region', '--role', '--password']) expect(add.stdout).toContain(option);
  });
});

describe(`micropower against one store (${testDbKind()})`, () => {
  const username = `cli_${randomBytes(3).toString('hex')}`;

  it('db migrate', { timeout: STEP_TIMEOUT }, async () => {
    const r = await cli('db', 'migrate');
    expectOk(r);
    expect(r.stdout).toContain(`migrations applied (${testDbKind()})`);
  });

  it('demo seed, then a second demo seed refuses', { timeout: STEP_TIMEOUT }, async () => {
    const first = await cli('demo', 'seed');
    expectOk(first);
    expect(first.stdout).toContain('demo district 330299000000 seeded with 10 accounts');
    const second = await cli('demo', 'seed');
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('数据库中已有区划数据');
  });

  it('region import reports created rows and rejected ones with their line numbers', { timeout: STEP_TIMEOUT }, async () => {
    const file = path.join(dataDir, 'regions.csv');
    writeFileSync(
      file,
      [
        '区划代码,名称,级别,上级代码',
        '330299104000,新岭镇,乡镇,330299000000',
        '330299104201,新岭村,村,330299104000',
        '33029910420,短码村,村,330299104000',
        '330299105201,无主村,村,330299105000',
        '',
      ].join('\n'),
    );
    const r = await cli('region', 'import', file);
    expectOk(r);
    expect(r.stdout).toContain(`${file}: created 2, updated 0, unchanged 0, rejected 2`);
    expect(r.stdout).toMatch(/^ {2}line 4: 区划代码必须是12位数字$/m);
    expect(r.stdout).toMatch(/^ {2}line 5: 上级区划 330299105000 不存在$/m);

    const strict = await cli('region', 'import', '--strict', file);
    expect(strict.code).toBe(2);
    expect(strict.stdout).toContain('created 0, updated 0, unchanged 0, rejected 2');
  });

  it('user add refuses a weak password with a Chinese message, then adds an account', { timeout: STEP_TIMEOUT }, async () => {
    const weak = await cli('user', 'add', '--username', username, '--name', '新岭村书记', '--region', '330299104201', '--role', 'village_secretary', '--password', 'weak');
    expect(weak.code).not.toBe(0);
    expect(weak.stderr).toMatch(/密码至少10位/);

    const ok = await cli('user', 'add', '--username', username, '--name', '新岭村书记', '--region', '330299104201', '--role', 'village_secretary', '--password', 'Cli-init-2026!');
    expectOk(ok);
    expect(ok.stdout).toMatch(new RegExp(`account ${username} \\([0-9a-f-]{36}\\) created in 新岭村`));

    const wrongRole = await cli('user', 'add', '--username', `${username}x`, '--name', 'x', '--region', '330299104201', '--role', 'district_admin', '--password', 'Cli-init-2026!');
    expect(wrongRole.code).not.toBe(0);
    expect(wrongRole.stderr).toContain('区管理员');
  });

  it('user reset-password and user disable', { timeout: STEP_TIMEOUT }, async () => {
    const reset = await cli('user', 'reset-password', username, '--password', 'Cli-reset-2026!');
    expectOk(reset);
    expect(reset.stdout).toContain(`password of ${username} reset`);
    const unknown = await cli('user', 'disable', 'no_such_account');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('账号 no_such_account 不存在');
    const disable = await cli('user', 'disable', username);
    expectOk(disable);
    expect(disable.stdout).toContain(`account ${username} disabled`);
  });

  it('import takes a folder of dataset files in dependency order, reports per file, and is idempotent', { timeout: 3 * STEP_TIMEOUT }, async () => {
    const folder = mkdtempSync(path.join(dataDir, 'import-'));
    const ids = [1, 2, 3].map((n) => {
      const first17 = `990101${'1980'}0101${String(n).padStart(3, '0')}`;
      return `${first17}${idNumberCheckChar(first17)}`;
    });
    writeFileSync(path.join(folder, 'deaths.csv'), ['身份证号,姓名,死亡日期', `${ids[2]},丙,2024/03/01`, ''].join('\n'));
    writeFileSync(path.join(folder, 'kinship.csv'), ['身份证号A,身份证号B,关系', `${ids[1]},${ids[0]},配偶`, ''].join('\n'));
    writeFileSync(path.join(folder, 'residents.csv'), ['身份证号,姓名,村代码', `${ids[0]},甲,330299101201`, `${ids[1]},乙,330299101201`, `${ids[2]},丙,330299999201`, ''].join('\n'));
    writeFileSync(path.join(folder, 'notes.txt'), 'not data');
    const first = await cli('import', folder);
    expectOk(first);
    expect(first.stdout).toContain('notes.txt: skipped');
    expect(first.stdout).toMatch(/residents\.csv \(residents\): read 3, imported 2, updated 0, unchanged 0, rejected 1, flagged 0/);
    expect(first.stdout).toMatch(/^ {2}line 4: 村代码 330299999201 不是已登记的区划$/m);
    expect(first.stdout).toMatch(/kinship\.csv \(kinship\): read 1, imported 1/);
    expect(first.stdout).toMatch(/deaths\.csv \(deaths\): read 1, imported 1/);
    const order = ['residents.csv', 'kinship.csv', 'deaths.csv'].map((f) => first.stdout.indexOf(`${f} (`));
    expect(order).toEqual([...order].sort((a, b) => a - b));

    writeFileSync(path.join(folder, 'vehicles.csv'), ['号牌号码,车辆类型', '浙A12345,小型汽车', ''].join('\n'));
    const again = await cli('import', path.join(folder, 'residents.csv'), path.join(folder, 'vehicles.csv'), path.join(folder, 'notes.txt'));
    expect(again.code, 'a refused file and an unknown name make the exit code non-zero').toBe(1);
    expect(again.stdout).toMatch(/residents\.csv \(residents\): read 3, imported 0, updated 0, unchanged 2, rejected 1/);
    expect(again.stdout).toContain('文件缺少必需的列：所有人身份证号（id_number）');
    expect(again.stdout).toContain('notes.txt: skipped');
    await withStore(async (db) => {
      expect(await queryRows(db, sql`select region_code, source_line from residents where id_number = ${ids[0]}`)).toEqual([{ region_code: '330299101201', source_line: 2 }]);
      expect(await queryRows(db, sql`select region_code from deaths where id_number = ${ids[2]}`)).toEqual([{ region_code: '330299000000' }]);
      expect(await queryRows(db, sql`select id_number_a from kinship where id_number_b = ${ids[1]}`)).toEqual([{ id_number_a: ids[0] }]);
    });
  });

  it('reports export writes the demo reports with Chinese headers and never the reporter', { timeout: STEP_TIMEOUT }, async () => {
    const r = await cli('reports', 'export');
    expectOk(r);
    const lines = r.stdout.trimEnd().split(/\r?\n/);
    expect(lines[0]).toMatch(/^\uFEFF?举报编号,收到日期,/);
    expect(lines.slice(1).every((l) => /^JB330299-\d{4}-\d{5},/.test(l))).toBe(true);
    expect(lines.length - 1).toBe(await withStore(async (db) => (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from reports`))[0]!.n));
    expect(lines.length).toBeGreaterThan(1);
    for (const secret of ['演示举报人', '13800000001', '13800000002']) expect(r.stdout).not.toContain(secret);
  });

  it('rectification export writes the demo ledger as a workbook with Chinese headers; sweep runs once', { timeout: STEP_TIMEOUT }, async () => {
    const out = path.join(dataDir, 'ledger.xlsx');
    const r = await cli('rectification', 'export', '--out', out);
    expectOk(r);
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const sheet = book.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['序号', '通知书编号', '责任单位']);
    const items = await withStore(async (db) => (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from rectification_items where deleted_at is null`))[0]!.n);
    expect(items).toBeGreaterThan(0);
    expect(sheet.actualRowCount - 1).toBe(items);
    const sweep = await cli('rectification', 'sweep');
    expectOk(sweep);
    expect(sweep.stdout).toMatch(/^escalated \d+, alerts raised \d+, resolved \d+$/m);
  });

  it('households cards issues query codes and writes printable cards; a re-issue needs a reason; codes stay out of the store and the log', { timeout: STEP_TIMEOUT }, async () => {
    const out = path.join(dataDir, 'cards.html');
    const nothing = await cli('households', 'cards', '--village', '330299101202', '--out', out);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain('--all');

    const all = await cli('households', 'cards', '--village', '330299101202', '--all', '--out', out);
    expectOk(all);
    expect(all.stdout).toContain(`12 cards of 小家村 written to ${out}`);
    expect(all.stderr).toContain('MICROPOWER_PUBLIC_URL');
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('我家的待遇查询卡');
    const codes = [...html.matchAll(/<dd class="code">([A-Z2-9]{4}-[A-Z2-9]{4})<\/dd>/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(12);
    expect((html.match(/<svg/g) ?? []).length).toBe(12);

    // The demo issued a code to every household of 白坑村: a new one is a re-issue.
    const noReason = await cli('households', 'cards', '--village', '330299101201', '--household', '330299101201-003', '--out', out);
    expect(noReason.code).toBe(1);
    expect(noReason.stderr).toContain('重新发放须写明原因');
    const again = await cli('households', 'cards', '--village', '330299101201', '--household', '330299101201-003', '--reason', '查询卡遗失，补发', '--out', out);
    expectOk(again);
    expect(again.stdout).toContain('1 card of 白坑村 written to');

    await withStore(async (db) => {
      expect(await queryRows(db, sql`select serial, voided_at is null as active from household_codes where household_id = '330299101201-003' order by serial`)).toEqual([
        { serial: 1, active: false },
        { serial: 2, active: true },
      ]);
      const events = await queryRows<{ action: string; actor_name: string; after: string }>(db, sql`select action, actor_name, after::text as after from audit_events where action like 'household.code.%' and region_code = '330299101202'`);
      expect(events).toHaveLength(12);
      expect(events.every((e) => e.action === 'household.code.issue' && e.actor_name === 'system')).toBe(true);
      const leaked = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from audit_events where position(${codes[0]!} in coalesce(after::text, '')) > 0 or position(${codes[0]!.replace('-', '')} in coalesce(after::text, '')) > 0`);
      expect(leaked).toEqual([{ n: 0 }]);
    });
  });

  it('audit checkpoint, then audit verify says OK', { timeout: STEP_TIMEOUT }, async () => {
    const cp = await cli('audit', 'checkpoint');
    expectOk(cp);
    expect(cp.stdout).toMatch(/^checkpoint: size \d+, root [0-9a-f]{64}, sm2 key \S+$/m);
    const verify = await cli('audit', 'verify');
    expectOk(verify);
    expect(verify.stdout).toMatch(/^OK: \d+ events and 2 checkpoints verified/m);
  });

  it('left the store as the commands said', { timeout: STEP_TIMEOUT }, async () => {
    await withStore(async (db) => {
      const [user] = await queryRows<{ status: string; must_change_password: boolean; roles: string[] }>(
        db,
        sql`select status, must_change_password, roles from users where username = ${username}`,
      );
      expect(user).toEqual({ status: 'disabled', must_change_password: true, roles: ['village_secretary'] });
      expect(await queryRows(db, sql`select count(*)::int as n from users where is_demo`)).toEqual([{ n: 10 }]);
      const actions = await queryRows<{ action: string; actor_name: string }>(
        db,
        sql`select action, actor_name from audit_events where action like 'user.account.%' and entity_id = (select id::text from users where username = ${username}) order by seq`,
      );
      expect(actions).toEqual([
        { action: 'user.account.create', actor_name: 'system' },
        { action: 'user.account.reset_password', actor_name: 'system' },
        { action: 'user.account.disable', actor_name: 'system' },
      ]);
      expect(await queryRows(db, sql`select name from regions where code = '330299104201'`)).toEqual([{ name: '新岭村' }]);
    });
  });
});

describe('backup and restore', () => {
  it('backup writes one file; restore onto an empty store reproduces it and verifies the audit chain; a store that is not empty is refused', { timeout: 3 * STEP_TIMEOUT }, async () => {
    const file = path.join(dataDir, 'backup.tar.gz');
    const backup = await cli('backup', file);
    expectOk(backup);
    expect(backup.stdout).toMatch(/^OK: .* \d+ tables, \d+ rows, \d+ files, \d+ audit events/m);
    expect(backup.stdout).toContain('密钥不在备份中');

    // A new installation: an empty data folder with the keys put back from their own backup.
    restoreDir = mkdtempSync(path.join(os.tmpdir(), 'mpw-cli-restore-'));
    cpSync(path.join(dataDir, 'keys'), path.join(restoreDir, 'keys'), { recursive: true });
    const target: { dataDir: string; databaseUrl?: string } = { dataDir: restoreDir };
    if (testDbKind() === 'postgres') {
      restoreName = `${testDbPrefix()}cli_restore_${randomBytes(5).toString('hex')}`;
      const admin = new pg.Client({ connectionString: pgAdminUrl() });
      await admin.connect();
      await admin.query(`create database "${restoreName}"`);
      await admin.end();
      target.databaseUrl = withDatabase(pgAdminUrl(), restoreName);
    }
    const restore = await cliOn(target, 'restore', file);
    expectOk(restore);
    expect(restore.stdout).toContain('留痕链校验通过');

    const counts = (db: Awaited<ReturnType<typeof openDatabase>>['db']) =>
      queryRows(db, sql`select (select count(*)::int from users) as users, (select count(*)::int from audit_events) as events, (select count(*)::int from reports) as reports, (select max(seq)::int from audit_events) as head`);
    const before = await withStore(counts);
    const handle = await openDatabase(target.databaseUrl ? { databaseUrl: target.databaseUrl, poolSize: 1 } : { dataDir: restoreDir });
    try {
      expect(await counts(handle.db)).toEqual(before);
    } finally {
      await handle.close();
    }
    const verify = await cliOn(target, 'audit', 'verify');
    expectOk(verify);

    const again = await cliOn(target, 'restore', file);
    expect(again.code).toBe(1);
    expect(`${again.stdout}${again.stderr}`).toMatch(/不是空的|非空|已有数据|not empty/);
  });
});
