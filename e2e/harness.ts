import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Screenshots are kept as test artifacts here. */
export const ARTIFACTS = path.join(ROOT, 'test-results', 'e2e');
export const DEMO_PASSWORD = 'Mpw-demo-2026';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface Running {
  baseUrl: string;
  browser: Browser;
  stop(): Promise<void>;
}

/**
 * Starts `npm start`'s server (scripts/start.mjs) on `dataDir` and waits until it answers: on an
 * empty folder it migrates and seeds the demo district first.
 */
export async function startServer(dataDir: string): Promise<{ server: ChildProcess; baseUrl: string }> {
  const port = await freePort();
  const server: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'scripts/start.mjs')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', MICROPOWER_DATA_DIR: dataDir, MICROPOWER_JOBS: 'false', LOG_LEVEL: 'warn', NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
    try {
      const r = await fetch(`${baseUrl}/api/health`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error('server did not start in time');
    await new Promise((r) => setTimeout(r, 300));
  }
  return { server, baseUrl };
}

/** Stops a server started by `startServer` (SIGTERM: it closes the store and removes its lock). */
export async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise((r) => server.once('exit', r));
  server.kill('SIGTERM');
  await exited;
}

/**
 * Starts `npm start`'s server on a fresh embedded store (demo district seeded) and a headless Chromium.
 * The store is a copy of the one e2e/global-setup.ts seeded once for the run (MPW_E2E_TEMPLATE), so
 * every file starts from the same demo district without seeding it again.
 */
export async function startPlatform(): Promise<Running> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mpw-e2e-'));
  const template = process.env.MPW_E2E_TEMPLATE;
  if (template) cpSync(template, dataDir, { recursive: true, filter: (src) => path.basename(src) !== 'micropower.lock' });
  const { server, baseUrl } = await startServer(dataDir);
  const browser = await chromium.launch({
    executablePath: process.env.MPW_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    baseUrl,
    browser,
    async stop() {
      await browser.close();
      await stopServer(server);
    },
  };
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

export async function consoleLogin(page: Page, baseUrl: string, username: string, password = DEMO_PASSWORD) {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}
