import type { TPermission, TRole } from '@mpw/contracts';
import type { TestContext, World } from './helpers.js';

/**
 * What a module's authorization cases get from the matrix (apps/server/test/matrix.suite.ts, run by authorization-matrix*.test.ts).
 * Each module adds `src/modules/<m>/<m>.authz.ts` exporting `cases(env): MatrixCase[]`; the matrix
 * loads every such file and fails if any /api/v1 route is in none of them.
 */
export interface MatrixEnv {
  ctx: TestContext;
  /** The district where every test account sits. */
  home: World;
  /** A second district: outside the scope of every district account. */
  away: World;
  /** The region an account of this role sits in, and one of the same level outside its scope. */
  placeOf(role: TRole): { own: string; other: string };
  /** A village inside (own) or outside (other) the role's scope. */
  villageFor(role: TRole, own: boolean): string;
  townshipFor(role: TRole, own: boolean): string;
  /** A fresh number, for unique codes and names. */
  next(): number;
}

export interface MatrixRequest {
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
}

export interface MatrixCase {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** The route as Fastify registered it, e.g. '/api/v1/users/:id'. */
  route: string;
  /** The permission the route demands, or 'session' for any signed-in account (e.g. one's own inbox). */
  permission: TPermission | 'session';
  /** Whether the route addresses a record that can be inside or outside the actor's scope. */
  scoped: boolean;
  /** Status for an allowed actor on a record in scope. */
  ok: number;
  /** Status for an allowed actor on a record outside its scope (default 404). */
  outside?: number;
  /**
   * Roles that hold the permission but are refused by a finer rule on a record in their scope
   * (e.g. the step role of a matter), with the status they get. Keep this list short and explained.
   */
  refusedRoles?: Partial<Record<TRole, number>>;
  request(role: TRole, own: boolean): Promise<MatrixRequest>;
  /** A list whose rows may belong to regions above the account (e.g. the district catalogue applies to villages). */
  visibleAbove?: boolean;
  /** Extra checks on an allowed response. */
  check?(res: { statusCode: number; json(): unknown }, role: TRole, own: boolean): void | Promise<void>;
}
