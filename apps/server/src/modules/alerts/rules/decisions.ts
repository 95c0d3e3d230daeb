import type { RuleDef } from './types.js';

/** DECISION_ORDER, DECISION_QUORUM, LATE_RECORD. */
export const decisionRules: RuleDef[] = [];
