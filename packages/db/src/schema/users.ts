import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { businessColumns } from './columns.js';

/** Staff and machine accounts. `region_code` is the region the account is bound to. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    roles: text('roles').array().notNull(),
    passwordHash: text('password_hash').notNull(),
    status: text('status', { enum: ['active', 'disabled'] }).notNull().default('active'),
    mustChangePassword: boolean('must_change_password').notNull().default(true),
    /** TOTP secret, sealed with the key outside the database (lib/secret-box). */
    totpSecretSealed: text('totp_secret_sealed'),
    totpPendingSealed: text('totp_pending_sealed'),
    totpLastStep: integer('totp_last_step'),
    /** Where outbound notifications go (optional); never shown outside account management. */
    email: text('email'),
    phone: text('phone'),
    /** Identity number of the staff member (optional): keeps a handler off reports about themselves or close relatives. */
    idNumber: text('id_number'),
    isMachine: boolean('is_machine').notNull().default(false),
    isDemo: boolean('is_demo').notNull().default(false),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true, mode: 'date' }),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true, mode: 'date' }),
    ...businessColumns(),
  },
  (t) => [uniqueIndex('users_username_uq').on(t.username), index('users_region_code_idx').on(t.regionCode)],
);

/**
 * Login sessions live in the database so several app instances can serve one user.
 * Only a hash of the token is stored. Not audited row by row (touching last_seen_at on
 * every request would flood the log); login, logout and revocation are audited as events.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id').notNull(),
    regionCode: text('region_code').notNull(),
    csrfToken: text('csrf_token').notNull(),
    mfaPassed: boolean('mfa_passed').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);
