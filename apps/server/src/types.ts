import type { Db } from '@mpw/db';
import type { TPermission } from '@mpw/contracts';
import type { Actor } from './lib/actor.js';
import type { SecretBox } from './lib/secret-box.js';
import type { Signer } from './lib/crypto/index.js';
import type { AppConfig } from './config.js';
import type { SessionContext } from './modules/auth/session.service.js';

export interface AppDeps {
  db: Db;
  dbKind: 'pglite' | 'postgres';
  config: AppConfig;
  signer: Signer;
  secrets: SecretBox;
}

export type SessionStage = 'active' | 'mfa_required' | 'mfa_enrolment_required' | 'password_change_required';

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
  interface FastifyRequest {
    actor: Actor;
    session: SessionContext | null;
  }
  interface FastifyContextConfig {
    /** 'public': no login; 'session': any signed-in account. Otherwise `permission` is required. */
    auth?: 'public' | 'session';
    permission?: TPermission;
    /** Session stages (besides 'active') in which this route may be used, e.g. changing the initial password. */
    allowStages?: SessionStage[];
  }
}
