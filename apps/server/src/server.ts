import { loadConfig } from './config.js';
import { buildApp } from './app.js';
import { openPlatform } from './platform.js';
import { seedDemoIfEmpty } from './modules/demo/demo.service.js';
import { startJobWorker } from './modules/jobs/jobs.worker.js';

/** Starts the platform: store, migrations, demo seed on an empty store, jobs, HTTP. */
export async function serve(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(env);
  const platform = await openPlatform(config);
  const app = await buildApp(platform.deps);
  const log = app.log;
  if (platform.handle.kind === 'pglite') {
    log.warn(
      { dataDir: config.dataDir },
      '使用嵌入式数据库 (PGlite)：仅用于试用和小规模试点，不像数据库服务器那样保证落盘；正式数据请用 PostgreSQL (设置 DATABASE_URL)。' +
        ' Embedded database (PGlite): for evaluation and small trials only; it does not flush to disk like a server. Real data belongs in PostgreSQL (set DATABASE_URL).',
    );
  } else {
    log.info('database: PostgreSQL');
  }
  if (config.demoSeed) {
    const seeded = await seedDemoIfEmpty(platform.deps);
    if (seeded) log.info({ district: seeded.districtCode, accounts: seeded.accounts.length }, '已生成演示区县 (demo district seeded); see README for the demo accounts');
  }
  const worker = config.jobs ? startJobWorker(platform.deps, log) : null;
  await app.listen({ port: config.port, host: config.host });
  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await worker?.stop();
    await app.close();
    await platform.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  return { app, platform, worker };
}
