import type { RuleDef } from './types.js';

/** The rules over people, benefits and payments (KIN_BENEFIT … INVALID_ID, BENEFIT_OUTLIER). */
export const peopleRules: RuleDef[] = [];
