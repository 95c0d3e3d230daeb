import type { RuleDef } from './types.js';

/** UNAPPROVED_LARGE_EXPENSE, SPLIT_PAYMENT, RELATED_PARTY_CONTRACT, ASSET_NO_AUCTION. */
export const bookRules: RuleDef[] = [];
