import { count } from 'drizzle-orm';
import { regions } from '@mpw/db';
import type { AppDeps } from '../../types.js';
import { systemActor } from '../../lib/actor.js';
import { importRegions } from '../regions/regions.service.js';
import { createUser } from '../users/users.service.js';
import { createCheckpoint } from '../audit/audit.service.js';
import { seedDefaultCatalogue } from '../power/power.service.js';
import { seedDemoVillage } from './demo.village.js';
import { seedDemoReports } from './demo.reports.js';
import { seedDemoCases } from './demo.cases.js';
import { seedDemoRectification } from './demo.rectification.js';
import { seedDemoHouseholds } from './demo.households.js';
import { seedDemoHearings } from './demo.hearings.js';
import { seedDemoTeams } from './demo.teams.js';
import { seedDemoAssessment } from './demo.assessment.js';
import { seedDemoHistory } from './demo.history.js';
import { demoRegistryFiles } from './demo.registry.js';
import { importDataset } from '../datasets/datasets.import.js';
import { runSweep } from '../alerts/alerts.sweep.js';
import { DEMO_ACCOUNTS, DEMO_DISTRICT, DEMO_PASSWORD, DEMO_REGIONS_CSV } from './demo.data.js';

export async function isStoreEmpty(deps: AppDeps): Promise<boolean> {
  const [r] = await deps.db.select({ n: count() }).from(regions);
  return Number(r?.n ?? 0) === 0;
}

/** Seeds the demo district, its accounts and a first signed checkpoint. Every write is audited like any other. */
export async function seedDemo(deps: AppDeps) {
  const actor = systemActor();
  const report = await importRegions(deps.db, actor, DEMO_REGIONS_CSV, { strict: true, isDemo: true });
  if (report.rejected.length) throw new Error(`demo regions rejected: ${JSON.stringify(report.rejected)}`);
  const accounts = [];
  for (const a of DEMO_ACCOUNTS) {
    accounts.push(await createUser(deps.db, actor, { ...a, password: DEMO_PASSWORD }, { isDemo: true, mustChangePassword: false }));
  }
  const catalogueItems = await seedDefaultCatalogue(deps.db, actor, DEMO_DISTRICT);
  await seedDemoVillage(deps);
  await seedDemoReports(deps, accounts);
  await seedDemoCases(deps, accounts);
  // Department data (registry, entitlements, payments, …) and a first sweep, so the alert pages show true cases.
  for (const [dataset, csv] of demoRegistryFiles().files) {
    const r = await importDataset(deps, actor, dataset as never, Buffer.from(csv), { fileName: `${dataset}.csv`, via: 'cli', strict: true, districtCode: DEMO_DISTRICT });
    if (r.status !== 'committed') throw new Error(`demo ${dataset} not imported: ${r.message ?? JSON.stringify(r.rejectedRows.slice(0, 3))}`);
  }
  // Villagers' committees, supervision teams (one conflict, one vacancy) and training with attendance.
  await seedDemoTeams(deps, accounts);
  await runSweep(deps, actor, { districtCode: DEMO_DISTRICT, kind: 'full' });
  // After the sweep: a finding of the demo inspection comes from one of its alerts.
  await seedDemoRectification(deps, accounts);
  await seedDemoHouseholds(deps);
  await seedDemoHearings(deps, accounts);
  // Two quarters of dated history, so last quarter's assessment and the trends rest on records.
  await seedDemoHistory(deps, accounts);
  await seedDemoAssessment(deps, accounts);
  await createCheckpoint(deps.db, actor, deps.signer);
  return { districtCode: DEMO_DISTRICT, accounts, catalogueItems };
}

export async function seedDemoIfEmpty(deps: AppDeps) {
  return (await isStoreEmpty(deps)) ? seedDemo(deps) : null;
}
