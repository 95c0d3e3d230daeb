import { z } from 'zod';

// Every validation message defaults to Chinese; schemas add field-specific wording on top.
z.config(z.locales.zhCN());

export * from './errors.js';
export * from './regions.js';
export * from './roles.js';
export * from './common.js';
export * from './auth.js';
export * from './users.js';
export * from './audit.js';
export * from './settings.js';
export * from './power.js';
export * from './calendar.js';
export * from './decisions.js';
export * from './alerts.js';
export * from './attachments.js';
export * from './notifications.js';
export * from './assets.js';
export * from './disclosures.js';
export * from './books.js';
export * from './datasets.js';
export * from './imports.js';
export * from './alert-sweeps.js';
export * from './reports.js';
export * from './supervision.js';
export * from './villagers.js';
export * from './assessment.js';
