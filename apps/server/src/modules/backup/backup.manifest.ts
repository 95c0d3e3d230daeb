import { z } from 'zod';

export const BACKUP_FORMAT = 'micropower-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_ENTRY = 'manifest.json';

const ZSha256 = z.string().regex(/^[0-9a-f]{64}$/);

const ZArchivedFile = z.object({ file: z.string().min(1), sha256: ZSha256, bytes: z.number().int().nonnegative() });

/** One table of the logical dump: its rows in PostgreSQL's COPY text format, in this column order. */
const ZTableDump = ZArchivedFile.extend({ name: z.string().min(1), columns: z.array(z.string().min(1)) });

/**
 * What a backup holds and how to check it: the first entry of the archive, so a restore knows
 * before unpacking anything whether it can use the file.
 */
export const ZBackupManifest = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().positive(),
  createdAt: z.string(),
  appVersion: z.string(),
  database: z.object({
    kind: z.enum(['pglite', 'postgres']),
    serverVersion: z.string(),
    /** 'pg_dump': PostgreSQL's custom format (restores into PostgreSQL only); 'logical': per-table COPY (restores into either). */
    dumpFormat: z.enum(['pg_dump', 'logical']),
    migration: z.object({ level: z.number().int().nonnegative(), tag: z.string().nullable(), createdAt: z.number().nullable() }),
    rowCounts: z.record(z.string(), z.number().int().nonnegative()),
    dump: ZArchivedFile.optional(),
    tables: z.array(ZTableDump).optional(),
    sequences: z.array(z.object({ name: z.string(), lastValue: z.string(), isCalled: z.boolean() })).optional(),
  }),
  blobs: z.object({ count: z.number().int().nonnegative(), bytes: z.number().int().nonnegative(), sha256: z.array(ZSha256) }),
  audit: z.object({
    hashAlg: z.string().nullable(),
    events: z.number().int().nonnegative(),
    head: z.object({ seq: z.number().int().nonnegative(), chainHash: z.string() }).nullable(),
    checkpoint: z.object({ treeSize: z.number().int(), rootHash: z.string(), keyId: z.string(), signatureAlg: z.string() }).nullable(),
  }),
  /** Which secret keys (by key id) the sealed values need: the keys themselves are never in a backup. */
  sealed: z.array(z.object({ column: z.string(), keyIds: z.record(z.string(), z.number().int().nonnegative()) })),
});

export type TBackupManifest = z.infer<typeof ZBackupManifest>;

/** Where a blob lives in the archive (and, below the blob root, on disk). */
export function blobEntryName(sha256: string): string {
  return `blobs/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}
