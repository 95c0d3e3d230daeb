/** The authorization matrix, part 3 of 3 (apps/server/test/matrix.suite.ts). */
import { defineMatrix } from './matrix.suite.js';

defineMatrix(2, 3);
