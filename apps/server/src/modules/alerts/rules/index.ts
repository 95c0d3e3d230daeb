import { bookRules } from './books.js';
import { decisionRules } from './decisions.js';
import { peopleRules } from './people.js';
import type { RuleDef } from './types.js';

/** Every rule the sweep evaluates (shared/spec/data-exchange.md, Alert rules). */
export const SWEEP_RULES: readonly RuleDef[] = [...peopleRules, ...bookRules, ...decisionRules];
export type { RuleDef, RuleContext, RuleSettings } from './types.js';
