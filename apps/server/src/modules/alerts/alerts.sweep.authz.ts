import type { MatrixCase, MatrixEnv } from '../../../test/matrix.js';

/** Authorization cases of the sweep routes (spread into alerts.authz.ts). */
export function sweepCases(_env: MatrixEnv): MatrixCase[] {
  return [];
}
