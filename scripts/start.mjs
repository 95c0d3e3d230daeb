// `npm start`: builds the web apps if they are not built yet, then serves everything.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
for (const app of ['console', 'portal']) {
  if (!existsSync(path.join(root, 'apps', app, 'dist', 'index.html'))) {
    process.stdout.write(`building the ${app} (first start)…\n`);
    const r = spawnSync('npm', ['run', 'build', '-w', `@mpw/${app}`], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}

const { register } = await import('tsx/esm/api');
register();
const { serve } = await import('../apps/server/src/server.ts');
try {
  await serve();
} catch (err) {
  // Configuration, lock and store problems are explained in the message; no stack trace needed.
  const known = ['ConfigError', 'DataDirLockedError', 'StoreOpenError', 'PlatformStartError'];
  process.stderr.write(known.includes(err?.name) || known.includes(err?.constructor?.name) ? `${err.message}\n` : `${err?.stack ?? err}\n`);
  process.exit(1);
}
