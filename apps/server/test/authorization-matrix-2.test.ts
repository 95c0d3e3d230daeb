/** The authorization matrix, part 2 of 3 (apps/server/test/matrix.suite.ts). */
import { defineMatrix } from './matrix.suite.js';

defineMatrix(1, 3);
