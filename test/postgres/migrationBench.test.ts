import { describe, expect, test } from 'vitest';
import { benchOnce, isolationLevels, prepareTemplate } from './support/migrationBench';
import { postgresUrl } from './support/scratchDatabase';

// The benchmark itself (`npm run bench:migrations`) measures up to a million users; here, a size
// small enough for every test run, and only what holds at any size.
const users = 20_000;

describe.skipIf(!postgresUrl)(
  'the online migration against the locked one, with live writers, on a real server',
  () => {
    test(`with ${users.toLocaleString('en')} users and writers of every live version at every isolation level: nothing lost or duplicated, no write refused, and the online migration's longest write wait below the locked one's`, async () => {
      const template = await prepareTemplate(postgresUrl, users);
      const locked = await benchOnce(postgresUrl, template, {
        variant: 'locked',
        users,
        isolation: 'read committed',
      });
      const online = [];
      for (const isolation of isolationLevels) {
        online.push(await benchOnce(postgresUrl, template, { variant: 'online', users, isolation }));
      }
      for (const result of [locked, ...online]) {
        const { variant, isolation, lost, duplicated, problems } = result;
        expect({ variant, isolation, lost, duplicated, problems }).toEqual({
          variant,
          isolation,
          lost: 0,
          duplicated: 0,
          problems: [],
        });
      }
      expect(online[0]?.maxWaitMs).toBeLessThan(locked.maxWaitMs);
    }, 300_000);
  },
);
