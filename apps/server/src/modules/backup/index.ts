export { createBackup, restoreBackup, type BackupSource, type BackupSummary, type CreateBackupInput, type RestoreInput, type RestoreReport, type UnreadableSealed } from './backup.service.js';
export { ZBackupManifest, type TBackupManifest } from './backup.manifest.js';
