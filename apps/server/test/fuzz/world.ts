/**
 * The world the fuzz suite runs in: the demo district (records of most modules, in 白坑村 and
 * elsewhere), one fresh account of every role bound to 白坑村 / 凤岭镇 / the demo district, and a
 * second district with records of its own that no account may see.
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { ROLES, ROLE_DEFINITIONS, isWithinRegion, type TRole } from '@mpw/contracts';
import { queryRows } from '@mpw/db';
import { login, makeUser, makeWorld, type Client, type TestContext } from '../helpers.js';
import { systemActor } from '../../src/lib/actor.js';
import { importRegions } from '../../src/modules/regions/regions.service.js';
import { createUser } from '../../src/modules/users/users.service.js';
import { seedDefaultCatalogue } from '../../src/modules/power/power.service.js';
import { seedDemoVillage } from '../../src/modules/demo/demo.village.js';
import { seedDemoReports } from '../../src/modules/demo/demo.reports.js';
import { seedDemoCases } from '../../src/modules/demo/demo.cases.js';
import { seedDemoRectification } from '../../src/modules/demo/demo.rectification.js';
import { seedDemoAssessment } from '../../src/modules/demo/demo.assessment.js';
import { DEMO_ACCOUNTS, DEMO_DISTRICT, DEMO_PASSWORD, DEMO_REGIONS_CSV } from '../../src/modules/demo/demo.data.js';
import type { Pools } from './arbitraries.js';

export const HOME_VILLAGE = '330299101201';
export const HOME_TOWNSHIP = '330299101000';

export interface Actor {
  name: TRole | 'anonymous';
  /** The region the account is bound to (null: anonymous). */
  scope: string | null;
  client: Client | null;
  username?: string;
  userId?: string;
}

export interface FuzzWorld {
  actors: Actor[];
  pools: Pools;
  /** Every region code: the markers of data outside an account's scope. */
  regionCodes: string[];
  /** Accounts the fuzzer acts as: never a target of its requests. */
  protectedIds: Set<string>;
  relogin(actor: Actor): Promise<void>;
}

/**
 * Most of the demo district (regions, accounts, catalogue, 白坑村's books and assets, reports,
 * cases, rectification, assessment); department data and its sweep, households, hearings and
 * teams are left out to keep the suite's set-up short. Returns the demo accounts.
 */
async function seedDemoPart(ctx: TestContext) {
  const deps = ctx.platform.deps;
  const actor = systemActor();
  await importRegions(deps.db, actor, DEMO_REGIONS_CSV, { strict: true, isDemo: true });
  const accounts = [];
  for (const a of DEMO_ACCOUNTS) accounts.push(await createUser(deps.db, actor, { ...a, password: DEMO_PASSWORD }, { isDemo: true, mustChangePassword: false }));
  await seedDefaultCatalogue(deps.db, actor, DEMO_DISTRICT);
  await seedDemoVillage(deps);
  await seedDemoReports(deps, accounts);
  await seedDemoCases(deps, accounts);
  await seedDemoRectification(deps, accounts);
  await seedDemoAssessment(deps, accounts);
  return accounts;
}

function scopeOf(role: TRole): string {
  const level = ROLE_DEFINITIONS[role].level;
  return level === 'district' ? DEMO_DISTRICT : level === 'township' ? HOME_TOWNSHIP : HOME_VILLAGE;
}

export async function buildFuzzWorld(ctx: TestContext, app: FastifyInstance): Promise<FuzzWorld> {
  const accounts = await seedDemoPart(ctx);
  // A second district with a catalogue and an account of its own: outside every account's scope.
  const away = await makeWorld(ctx);
  await seedDefaultCatalogue(ctx.platform.deps.db, systemActor(), away.district);
  await makeUser(ctx, away.villageA1, ['village_secretary']);

  const actors: Actor[] = [{ name: 'anonymous', scope: null, client: null }];
  const protectedIds = new Set<string>();
  // The demo's own accounts: one of every role, bound to 白坑村, 凤岭镇 or the district.
  for (const role of ROLES) {
    const u = accounts.find((a) => a.roles.includes(role) && a.regionCode === scopeOf(role))!;
    protectedIds.add(u.id);
    actors.push({ name: role, scope: scopeOf(role), client: await login(app, u.username, DEMO_PASSWORD), username: u.username, userId: u.id });
  }

  const db = ctx.platform.deps.db;
  const regionCodes = (await queryRows<{ code: string }>(db, sql`select code from regions order by code`)).map((r) => r.code);
  const tables = await queryRows<{ table_name: string }>(
    db,
    sql`select table_name from information_schema.columns where table_schema = 'public' and column_name = 'id' and data_type = 'uuid' order by table_name`,
  );
  const uuids: string[] = [];
  for (const { table_name } of tables) {
    const rows = await queryRows<{ id: string }>(db, sql`select id::text as id from ${sql.identifier(table_name)} order by id limit 6`);
    uuids.push(...rows.map((r) => r.id).filter((id) => !protectedIds.has(id)));
  }
  const seqs = (await queryRows<{ seq: number }>(db, sql`select seq::int as seq from audit_events order by seq desc limit 5`)).map((r) => Number(r.seq));

  return {
    actors,
    pools: { uuids, regionCodes, ints: [0, 1, 2, ...seqs] },
    regionCodes,
    protectedIds,
    relogin: async (actor) => {
      if (actor.username) actor.client = await login(app, actor.username, DEMO_PASSWORD);
    },
  };
}

/** Region codes an account must never see: neither above nor below the region it is bound to. */
export function outsideCodes(scope: string, all: string[]): string[] {
  return all.filter((c) => !isWithinRegion(c, scope) && !isWithinRegion(scope, c));
}
