/** The authorization matrix, part 1 of 3 (apps/server/test/matrix.suite.ts). */
import { defineMatrix } from './matrix.suite.js';

defineMatrix(0, 3);
