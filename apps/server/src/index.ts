export { buildApp } from './app.js';
export { loadConfig, ConfigError, type AppConfig } from './config.js';
export { openPlatform, type Platform } from './platform.js';
export { serve } from './server.js';
export { systemActor } from './lib/actor.js';
export * as regionsService from './modules/regions/regions.service.js';
export * as usersService from './modules/users/users.service.js';
export * as auditService from './modules/audit/audit.service.js';
export * as demoService from './modules/demo/demo.service.js';
