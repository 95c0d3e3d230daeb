import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, stopServer } from './harness.js';

/**
 * Seeds the demo district once for the whole browser suite: the server starts on an empty store
 * (migrations, demo seed) and stops; each file's `startPlatform` starts from a copy of that store.
 */
export default async function setup(): Promise<() => void> {
  const template = mkdtempSync(path.join(os.tmpdir(), 'mpw-e2e-template-'));
  const { server } = await startServer(template);
  await stopServer(server);
  process.env.MPW_E2E_TEMPLATE = template;
  return () => rmSync(template, { recursive: true, force: true });
}
