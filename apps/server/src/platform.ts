import path from 'node:path';
import { migrateDatabase, openDatabase, type DbHandle } from '@mpw/db';
import type { AppConfig } from './config.js';
import { signerFromEnvOrFile } from './lib/crypto/index.js';
import { loadSecretBox } from './lib/secret-box.js';
import { setAuditHashAlgorithm } from './modules/audit/audit.log.js';
import { getLatestCheckpoint } from './modules/audit/audit.repository.js';
import type { AppDeps } from './types.js';

export interface Platform {
  deps: AppDeps;
  handle: DbHandle;
  close(): Promise<void>;
}

export class PlatformStartError extends Error {}

/**
 * Opens the store, applies migrations and loads the keys that live outside the database.
 * Shared by the server and the command line so both see the same platform.
 */
export async function openPlatform(config: AppConfig, opts: { handle?: DbHandle; migrate?: boolean } = {}): Promise<Platform> {
  const handle = opts.handle ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.poolSize }));
  try {
    if (opts.migrate !== false) await migrateDatabase(handle);
    setAuditHashAlgorithm(config.audit.hashAlg);
    const latest = await getLatestCheckpoint(handle.db);
    if (latest && latest.hashAlg !== config.audit.hashAlg) {
      throw new PlatformStartError(
        `留痕日志使用 ${latest.hashAlg} 哈希，但配置为 ${config.audit.hashAlg}；日志的哈希算法不能中途更改 (MICROPOWER_AUDIT_HASH must stay ${latest.hashAlg}).`,
      );
    }
    const signer = signerFromEnvOrFile({
      envValue: config.audit.signingKeyHex,
      filePath: path.join(config.keyDir, `audit-signing-${config.audit.signatureAlg}.json`),
      alg: config.audit.signatureAlg,
    });
    const secrets = loadSecretBox(config.secretKeyHex, config.keyDir);
    const deps: AppDeps = { db: handle.db, dbKind: handle.kind, config, signer, secrets };
    return { deps, handle, close: () => handle.close() };
  } catch (err) {
    if (!opts.handle) await handle.close();
    throw err;
  }
}
