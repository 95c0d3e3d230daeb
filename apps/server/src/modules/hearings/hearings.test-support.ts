import { randomInt, randomUUID } from 'node:crypto';
import { householdCodes, residents, type Db } from '@mpw/db';
import { systemActor } from '../../lib/actor.js';
import { audited } from '../audit/audit.log.js';
import { openVillagerSession } from '../households/villager-session.js';

export interface TestVillager {
  token: string;
  residentId: string;
  name: string;
  regionCode: string;
}

const GIVEN = ['小明', '建国', '秀英', '桂兰', '志强', '丽华', '春生', '海燕', '国庆', '玉梅', '德明', '淑芬'];

/**
 * Registered villagers of a village, each the head of a household with an active query code and
 * an open villager session (what a successful verification gives): residents and household codes
 * written directly, the session through villager-session.ts.
 */
export async function makeVillagers(db: Db, regionCode: string, n: number, surname = '王'): Promise<TestVillager[]> {
  return audited(db, systemActor(), async (w) => {
    const out: TestVillager[] = [];
    for (let i = 0; i < n; i++) {
      const residentId = randomUUID();
      const householdId = `HT${randomInt(1e9)}`;
      const name = `${surname}${GIVEN[i % GIVEN.length]}`;
      const idNumber = `${regionCode.slice(0, 6)}1980${String(randomInt(1e8)).padStart(8, '0')}`;
      await w.tx.insert(residents).values({ id: residentId, idNumber, name, householdId, relationToHead: '户主', regionCode });
      const codeId = randomUUID();
      await w.tx.insert(householdCodes).values({ id: codeId, householdId, codeHash: 'scrypt$dGVzdA$dGVzdA', serial: 1, regionCode });
      const { token } = await openVillagerSession(w.tx, { regionCode, householdId, residentId, householdCodeId: codeId });
      out.push({ token, residentId, name, regionCode });
    }
    return out;
  });
}
