/**
 * The alert rules end to end on a synthetic district: generate (test/synth), import every file
 * through the dataset import, sweep, and compare the alerts with what the generator injected —
 * every expected subject fires, no near-miss fires, nothing else fires. Then an incremental
 * import of one village's payments adds exactly one DECEASED_PAYMENT and touches only that village.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '@mpw/db';
import type { TDatasetImportReport } from '@mpw/contracts';
import { systemActor, type Actor } from '../src/lib/actor.js';
import { importDataset } from '../src/modules/datasets/datasets.import.js';
import { runSweep } from '../src/modules/alerts/alerts.sweep.js';
import { createTestContext, type TestContext } from './helpers.js';
import { SPEC_RULES, generateDistrict, type SynthCase, type SynthFile, type SynthResult } from './synth/district.js';
import { idCheckChar } from './synth/util.js';

const DISTRICT6 = '339901';

interface AlertRow extends Record<string, unknown> {
  rule: string;
  subject_type: string;
  subject_id: string;
  region_code: string;
  last_sweep_id: string | null;
}

const key = (c: { rule: string; subjectType?: string; subject_type?: string; subjectId?: string; subject_id?: string }) =>
  `${c.rule} ${c.subjectType ?? c.subject_type}:${c.subjectId ?? c.subject_id}`;

async function importFile(ctx: TestContext, actor: Actor, f: SynthFile): Promise<TDatasetImportReport> {
  return importDataset(ctx.platform.deps, actor, f.dataset, readFileSync(f.path), { fileName: path.basename(f.path), via: 'cli' });
}

async function activeAlerts(ctx: TestContext): Promise<AlertRow[]> {
  return queryRows<AlertRow>(
    ctx.platform.deps.db,
    sql`select rule, subject_type, subject_id, region_code, last_sweep_id from alerts where region_code like ${`${DISTRICT6}%`} and resolved_by_data_at is null`,
  );
}

/** Every difference between the alerts that fired and what was injected, one readable line each. */
function compare(fired: AlertRow[], expected: SynthCase[], nearMisses: SynthCase[]): string[] {
  const rules = new Set<string>(SPEC_RULES);
  const firedKeys = new Map(fired.filter((a) => rules.has(a.rule)).map((a) => [key(a), a]));
  const exp = new Map(expected.map((c) => [key(c), c]));
  const near = new Map(nearMisses.map((c) => [key(c), c]));
  const problems: string[] = [];
  for (const [k, c] of exp) if (!firedKeys.has(k)) problems.push(`MISSING   ${k} (village ${c.village}) — injected: ${c.note}`);
  for (const [k, a] of firedKeys) {
    if (exp.has(k)) continue;
    const n = near.get(k);
    problems.push(n ? `NEAR-MISS ${k} fired (village ${a.region_code}) — must not: ${n.note}` : `UNEXPECTED ${k} fired (village ${a.region_code}) — not injected`);
  }
  return problems.sort();
}

describe('synthetic district generator', () => {
  it('is deterministic from its seed and writes valid identity numbers with homonyms', async () => {
    const a = mkdtempSync(path.join(os.tmpdir(), 'mpw-synth-a-'));
    const b = mkdtempSync(path.join(os.tmpdir(), 'mpw-synth-b-'));
    try {
      const ra = await generateDistrict({ dir: a, seed: 7, district6: DISTRICT6, payments: 5000 });
      const rb = await generateDistrict({ dir: b, seed: 7, district6: DISTRICT6, payments: 5000 });
      const digest = (r: SynthResult) => r.files.map((f) => `${f.dataset}:${createHash('sha256').update(readFileSync(f.path)).digest('hex')}`);
      expect(digest(ra)).toEqual(digest(rb));
      expect(ra.expected).toEqual(rb.expected);

      const residents = readFileSync(ra.files.find((f) => f.dataset === 'residents')!.path, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
      expect(residents.length).toBe(6 * 600);
      for (const [id] of residents) expect(idCheckChar(id!.slice(0, 17))).toBe(id![17]);
      const names = new Map<string, Set<string>>();
      for (const [id, name] of residents) names.set(name!, (names.get(name!) ?? new Set()).add(id!));
      expect([...names.values()].filter((ids) => ids.size > 1).length).toBeGreaterThan(10);

      const payments = ra.files.find((f) => f.dataset === 'payments')!;
      expect(payments.rows).toBeGreaterThanOrEqual(5000);
      // Every rule is covered by at least one true case and one near-miss.
      for (const rule of SPEC_RULES) {
        expect(ra.expected.some((c) => c.rule === rule), `${rule} has a true case`).toBe(true);
        expect(ra.nearMisses.some((c) => c.rule === rule), `${rule} has a near-miss`).toBe(true);
      }
      // No subject is both expected and a near-miss of one rule.
      const exp = new Set(ra.expected.map(key));
      expect(ra.nearMisses.filter((c) => exp.has(key(c)))).toEqual([]);
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });
});

describe('alert rules on a synthetic district', () => {
  let ctx: TestContext;
  let dir: string;
  let syn: SynthResult;
  let actor: Actor;

  beforeAll(async () => {
    ctx = await createTestContext();
    dir = mkdtempSync(path.join(os.tmpdir(), 'mpw-synth-'));
    syn = await generateDistrict({ dir, seed: 20261129, district6: DISTRICT6, townships: 2, villagesPerTownship: 3, residentsPerVillage: 600, payments: 8_000 });
    actor = { ...systemActor(), regionCode: syn.districtCode };
    const refused: string[] = [];
    for (const f of syn.files) {
      const r = await importFile(ctx, f.dataset === 'regions' ? systemActor() : actor, f);
      if (r.status !== 'committed' || r.rejected > 0 || r.imported + r.updated + r.unchanged !== f.rows)
        refused.push(`${f.dataset}: ${r.status} read ${r.rowsRead} imported ${r.imported} rejected ${r.rejected} ${r.message ?? ''} ${JSON.stringify(r.rejectedRows.slice(0, 5))}`);
    }
    expect(refused, 'every generated row imports').toEqual([]);
  }, 600_000);

  afterAll(async () => {
    await ctx?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a full sweep fires every injected case and no near-miss, and nothing else', async () => {
    await runSweep(ctx.platform.deps, actor, { districtCode: syn.districtCode, asOf: syn.asOf, kind: 'full' });
    const fired = await activeAlerts(ctx);
    const problems = compare(fired, syn.expected, syn.nearMisses);
    expect(problems, `alerts differ from the injected cases:\n${problems.join('\n')}`).toEqual([]);
    // Sweeping again changes nothing: the same alerts, none new.
    const again = await runSweep(ctx.platform.deps, actor, { districtCode: syn.districtCode, asOf: syn.asOf, kind: 'full' });
    expect(Object.values(again.perRule).reduce((n, c) => n + (c?.new ?? 0), 0)).toBe(0);
    expect((await activeAlerts(ctx)).map(key).sort()).toEqual(fired.map(key).sort());
  }, 600_000);

  it('an incremental import of one village’s payments adds the new deceased payment and touches only that village', async () => {
    const before = await activeAlerts(ctx);
    const inc = syn.incremental;
    const r = await importFile(ctx, actor, inc.file);
    expect(r).toMatchObject({ status: 'committed', rejected: 0, imported: inc.file.rows });
    const result = await runSweep(ctx.platform.deps, actor, { districtCode: syn.districtCode, asOf: syn.asOf, kind: 'incremental', villages: [inc.village], dataset: 'payments', importId: r.importId });
    expect(result.kind).toBe('incremental');
    expect(Object.keys(result.perRule)).toContain('DECEASED_PAYMENT');
    const after = await activeAlerts(ctx);
    const problems = compare(after, [...syn.expected, inc.expected], syn.nearMisses);
    expect(problems, problems.join('\n')).toEqual([]);
    expect(after.length).toBe(before.length + 1);
    const touched = after.filter((a) => a.last_sweep_id === result.sweepId);
    expect(touched.map(key)).toContain(key(inc.expected));
    expect(touched.filter((a) => a.region_code !== inc.village)).toEqual([]);
  }, 600_000);
});
