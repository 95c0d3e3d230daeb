import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '@mpw/db';
import { createTestContext, makeUser, makeWorld, type TestContext, type World } from '../../../test/helpers.js';
import { testDbKind } from '../../../test/test-db.js';
import type { Actor } from '../../lib/actor.js';
import { idNumberCheckChar } from '../books/books.policy.js';
import { audited } from '../audit/audit.log.js';
import { importDataset, type ImportOptions } from './datasets.import.js';
import * as repo from './datasets.repository.js';
import { onDatasetImported, type DatasetImported } from './datasets.events.js';

/**
 * Large loads (docs/datasets.md, Speed): a load that at least doubles its table drops the table's
 * secondary indexes and builds them again before it commits. `largeLoadRows` lowers the
 * threshold so that small files take that path here.
 */
let ctx: TestContext;
let w: World;
let admin: Actor;

const db = () => ctx.platform.deps.db;
const rows = <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) => queryRows<T>(db(), query);

function idMaker() {
  const area = String(110000 + randomInt(0, 880000)).padStart(6, '0');
  return (n: number) => {
    const first17 = `${area}1980${String(1 + (n % 12)).padStart(2, '0')}01${String(n % 1000).padStart(3, '0')}`;
    return `${first17}${idNumberCheckChar(first17)}`;
  };
}

/** A payments file of `n` rows (payment numbers `${prefix}-i`), optionally with one bad amount at row `bad`. */
function paymentsCsv(prefix: string, n: number, opts: { bad?: number; amount?: string } = {}): Buffer {
  const id = idMaker();
  const lines = ['payment_id,id_number,name,village_code,program,amount,paid_date,bank_account'];
  for (let i = 1; i <= n; i++) {
    const village = i % 2 ? w.villageA1 : w.villageB1;
    lines.push(`${prefix}-${i},${id(i)},人${i},${village},低保金,${i === opts.bad ? 'x' : (opts.amount ?? '100.00')},2025-0${1 + (i % 9)}-10,`);
  }
  return Buffer.from(lines.join('\n'));
}

async function run(input: Buffer, opts: Partial<ImportOptions> = {}) {
  return importDataset(ctx.platform.deps, admin, 'payments', input, { fileName: 'payments.csv', via: 'cli', ...opts });
}

/** The secondary indexes of subsidy_payments: name, definition and the storage they live in (new after a rebuild). */
async function paymentIndexes() {
  return rows<{ name: string; definition: string; filenode: string }>(sql`
    select c.relname as name, pg_get_indexdef(c.oid) as definition, c.relfilenode::text as filenode
    from pg_index i join pg_class c on c.oid = i.indexrelid
    where i.indrelid = 'subsidy_payments'::regclass order by c.relname`);
}

beforeAll(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  const a = await makeUser(ctx, w.district, ['department_officer']);
  admin = { kind: 'user', userId: a.id, username: a.username, roles: ['department_officer'], regionCode: w.district, requestId: null };
}, 120_000);
afterAll(() => ctx.close());

describe('secondary indexes of a table', () => {
  it('are the plain indexes: not the primary key, not the unique natural key', async () => {
    const found = await audited(db(), admin, (x) => repo.findSecondaryIndexes(x.tx, 'subsidy_payments'));
    expect(found.map((i) => i.name)).toEqual(['subsidy_payments_id_number_idx', 'subsidy_payments_region_idx']);
    expect(found[0]!.definition).toMatch(/^CREATE INDEX subsidy_payments_id_number_idx ON public\.subsidy_payments USING btree \(id_number, paid_date\)$/);
  });

  it('come back as they were when the transaction that dropped them fails', async () => {
    const before = await paymentIndexes();
    await expect(
      audited(db(), admin, async (x) => {
        const found = await repo.findSecondaryIndexes(x.tx, 'subsidy_payments');
        expect(await repo.lockTableForLoad(x.tx, 'subsidy_payments', 2000)).toBe(true);
        await repo.dropIndexes(x.tx, found);
        expect((await queryRows(x.tx, sql`select 1 from pg_indexes where indexname = 'subsidy_payments_region_idx'`)).length).toBe(0);
        throw new Error('the load failed');
      }),
    ).rejects.toThrow('the load failed');
    expect(await paymentIndexes()).toEqual(before);
  });
});

describe('a first large load of an empty table', () => {
  it('copies the rows straight in, with the provenance and the report a merge gives, and all or nothing', async () => {
    const [empty] = await rows<{ n: number }>(sql`select count(*)::int as n from subsidy_payments`);
    expect(empty!.n, 'this test needs the table empty').toBe(0);
    const before = await paymentIndexes();
    // Strict mode and a bad row after the first batch was written: nothing stays, the table is empty again.
    expect(await run(paymentsCsv('FL0', 20_100, { bad: 20_050 }), { largeLoadRows: 100, strict: true })).toMatchObject({ status: 'rejected', imported: 0, rejected: 1 });
    const [still] = await rows<{ n: number }>(sql`select count(*)::int as n from subsidy_payments`);
    expect(still!.n).toBe(0);
    expect(await paymentIndexes()).toEqual(before);

    const heard: DatasetImported[] = [];
    onDatasetImported(async (_deps, e) => void heard.push(e));
    const file = paymentsCsv('FL1', 300);
    const r = await run(file, { largeLoadRows: 100 });
    expect(r).toMatchObject({ status: 'committed', rowsRead: 300, imported: 300, updated: 0, unchanged: 0, rejected: 0 });
    const stored = await rows<{ import_id: string; source_line: number; created_by: string; updated_by: string; region_code: string; amount: number }>(
      sql`select import_id::text, source_line, created_by::text, updated_by::text, region_code, amount_fen as amount from subsidy_payments where payment_no = 'FL1-7'`,
    );
    expect(stored).toEqual([{ import_id: r.importId, source_line: 8, created_by: admin.userId, updated_by: admin.userId, region_code: w.villageA1, amount: 10000 }]);
    const mine = heard.filter((e) => e.importId === r.importId);
    expect(mine.map((e) => e.villages)).toEqual([[w.villageA1, w.villageB1].sort()]);
    const ids = (await rows<{ id_number: string }>(sql`select distinct id_number from subsidy_payments where import_id = ${r.importId}::uuid order by 1`)).map((x) => x.id_number);
    expect(mine[0]!.idNumbers).toEqual(ids);
    // The same file again goes through the merge: nothing changes.
    expect(await run(file, { largeLoadRows: 100 })).toMatchObject({ status: 'committed', imported: 0, updated: 0, unchanged: 300 });
  }, 60_000);
});

describe('a large load', () => {
  it('drops the secondary indexes, builds them again before the commit, and imports as usual', async () => {
    const before = await paymentIndexes();
    const file = paymentsCsv('LL1', 300);
    const r = await run(file, { largeLoadRows: 100 });
    expect(r).toMatchObject({ status: 'committed', rowsRead: 300, imported: 300, updated: 0, unchanged: 0, rejected: 0 });
    const after = await paymentIndexes();
    expect(after.map(({ name, definition }) => ({ name, definition }))).toEqual(before.map(({ name, definition }) => ({ name, definition })));
    const rebuilt = after.filter((a) => before.find((b) => b.name === a.name)!.filenode !== a.filenode).map((a) => a.name);
    expect(rebuilt, 'only the secondary indexes were built again').toEqual(['subsidy_payments_id_number_idx', 'subsidy_payments_region_idx']);
    // The rebuilt indexes hold every row: an index scan finds them.
    const [n] = await rows<{ n: number }>(sql`select count(*)::int as n from subsidy_payments where region_code = ${w.villageA1} and payment_no like 'LL1-%'`);
    expect(n!.n).toBe(150);

    // Idempotent as ever: the same file again changes nothing; changed amounts are updates.
    expect(await run(file, { largeLoadRows: 100 })).toMatchObject({ status: 'committed', imported: 0, updated: 0, unchanged: 300 });
    expect(await run(paymentsCsv('LL1', 300, { amount: '120.00' }), { largeLoadRows: 100 })).toMatchObject({ status: 'committed', imported: 0, updated: 300, unchanged: 0 });
  });

  it('keeps the indexes when the load is smaller than its table', async () => {
    await run(paymentsCsv('LL2', 400), {});
    await db().execute(sql`analyze subsidy_payments`);
    const before = await paymentIndexes();
    expect(await run(paymentsCsv('LL3', 150), { largeLoadRows: 100 })).toMatchObject({ status: 'committed', imported: 150 });
    expect(await paymentIndexes()).toEqual(before);
  });

  it('in strict mode with a bad row after the first batch imports nothing and leaves the indexes as they were', async () => {
    const before = await paymentIndexes();
    // The first batch (20,000 rows) is written, and the indexes dropped, before the bad row is read.
    const r = await run(paymentsCsv('LL4', 20_100, { bad: 20_050 }), { largeLoadRows: 100, strict: true });
    expect(r).toMatchObject({ status: 'rejected', imported: 0, rejected: 1 });
    expect(await paymentIndexes()).toEqual(before);
    const [n] = await rows<{ n: number }>(sql`select count(*)::int as n from subsidy_payments where payment_no like 'LL4-%'`);
    expect(n!.n).toBe(0);
  }, 60_000);
});

describe('the audit guard of the dataset tables', () => {
  it('refuses a write outside an audited transaction, once per statement', async () => {
    await expect(db().execute(sql`update subsidy_payments set name = name where false`)).rejects.toThrow();
    const err = await db()
      .execute(sql`delete from residents where false`)
      .then(() => null, (e: unknown) => e as Error & { cause?: Error });
    expect(`${err?.message} ${err?.cause?.message ?? ''}`).toMatch(/outside an audited transaction/);
  });
});

describe.runIf(testDbKind() === 'postgres')('a large load while others read the table (PostgreSQL only: needs a second connection)', () => {
  it('waits briefly for readers, then keeps the indexes and imports as usual', async () => {
    const before = await paymentIndexes();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let reading!: () => void;
    const isReading = new Promise<void>((resolve) => (reading = resolve));
    const reader = db().transaction(async (tx) => {
      await tx.execute(sql`select count(*) from subsidy_payments`);
      reading();
      await released;
    });
    await isReading;
    const t0 = Date.now();
    // More rows than the table holds by now (the tests above left about 850).
    const r = await run(paymentsCsv('LL5', 2000), { largeLoadRows: 100 });
    release();
    await reader;
    expect(r).toMatchObject({ status: 'committed', imported: 2000 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1900);
    expect(await paymentIndexes()).toEqual(before);
  }, 30_000);
});
