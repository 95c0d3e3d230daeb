import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every environment variable the platform reads. The README's configuration table mirrors this. */
const ZEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'must start with postgres:// or postgresql://' })
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  MICROPOWER_DATA_DIR: z.string().default('./data'),
  MICROPOWER_KEY_DIR: z.string().optional(),
  MICROPOWER_AUDIT_HASH: z.enum(['sm3', 'sha256']).default('sm3'),
  MICROPOWER_AUDIT_SIGN: z.enum(['sm2', 'ed25519']).default('sm2'),
  /** Private key (hex) for signing checkpoints; when unset the key file in the key folder is used (created on first start). */
  MICROPOWER_AUDIT_SIGNING_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, { message: 'must be 64 hex characters' }).optional(),
  /** 32-byte key (hex) sealing secrets at rest (TOTP seeds, later reporter identities); default: key file. Comma-separated: current key first, older keys after (read only). */
  MICROPOWER_SECRET_KEY: z.string().regex(/^[0-9a-fA-F]{64}(,[0-9a-fA-F]{64})*$/, { message: 'must be 64 hex characters (comma-separated for older keys)' }).optional(),
  MICROPOWER_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  MICROPOWER_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  MICROPOWER_COOKIE_SECURE: bool.optional(),
  MICROPOWER_DEMO_SEED: bool.default(true),
  MICROPOWER_JOBS: bool.default(true),
  MICROPOWER_TRUST_PROXY: bool.default(false),
  /** smtp://user:pass@host:587 or smtps://…; unset = no email notifications. */
  MICROPOWER_SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/, { message: 'must be an smtp:// or smtps:// URL' }).optional(),
  MICROPOWER_SMTP_FROM: z.string().min(3).optional(),
  /** 'off' (default) or 'log' (SMS written to the log instead of sent). */
  MICROPOWER_SMS_GATEWAY: z.enum(['off', 'log']).default('off'),
  /** The console's public address; links in email and QR codes on posters become absolute. */
  MICROPOWER_PUBLIC_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  /** A CJK font file for PDF posters; default: the first of the usual Debian font paths. */
  MICROPOWER_CJK_FONT: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('production'),
});

export type AppConfig = ReturnType<typeof toConfig>;

function toConfig(env: z.infer<typeof ZEnv>) {
  const dataDir = path.resolve(env.MICROPOWER_DATA_DIR);
  return {
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    poolSize: env.DATABASE_POOL_SIZE,
    dataDir,
    keyDir: path.resolve(env.MICROPOWER_KEY_DIR ?? path.join(dataDir, 'keys')),
    audit: {
      hashAlg: env.MICROPOWER_AUDIT_HASH,
      signatureAlg: env.MICROPOWER_AUDIT_SIGN,
      signingKeyHex: env.MICROPOWER_AUDIT_SIGNING_KEY,
    },
    secretKeyHex: env.MICROPOWER_SECRET_KEY,
    session: {
      idleMinutes: env.MICROPOWER_SESSION_IDLE_MINUTES,
      absoluteHours: env.MICROPOWER_SESSION_ABSOLUTE_HOURS,
      cookieSecure: env.MICROPOWER_COOKIE_SECURE ?? false,
    },
    notifications: notificationConfigOf(env),
    publicUrl: env.MICROPOWER_PUBLIC_URL,
    cjkFont: env.MICROPOWER_CJK_FONT,
    demoSeed: env.MICROPOWER_DEMO_SEED,
    jobs: env.MICROPOWER_JOBS,
    trustProxy: env.MICROPOWER_TRUST_PROXY,
    logLevel: env.LOG_LEVEL,
    isTest: env.NODE_ENV === 'test',
  };
}

export function notificationConfigOf(env: Pick<z.infer<typeof ZEnv>, 'MICROPOWER_SMTP_URL' | 'MICROPOWER_SMTP_FROM' | 'MICROPOWER_SMS_GATEWAY' | 'MICROPOWER_PUBLIC_URL'>) {
  return {
    smtpUrl: env.MICROPOWER_SMTP_URL,
    smtpFrom: env.MICROPOWER_SMTP_FROM ?? (env.MICROPOWER_SMTP_URL ? `noreply@${new URL(env.MICROPOWER_SMTP_URL).hostname}` : undefined),
    smsGateway: env.MICROPOWER_SMS_GATEWAY,
    publicUrl: env.MICROPOWER_PUBLIC_URL,
  };
}

/** The notification part of the environment alone (for tests and tools). */
export function parseNotificationEnv(env: NodeJS.ProcessEnv) {
  const result = ZEnv.pick({ MICROPOWER_SMTP_URL: true, MICROPOWER_SMTP_FROM: true, MICROPOWER_SMS_GATEWAY: true, MICROPOWER_PUBLIC_URL: true }).safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`配置错误 (invalid configuration):\n${lines.join('\n')}`);
  }
  return notificationConfigOf(result.data);
}

export class ConfigError extends Error {}

/** Parses the environment once; on failure lists every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const result = ZEnv.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`配置错误 (invalid configuration):\n${lines.join('\n')}`);
  }
  return toConfig(result.data);
}
