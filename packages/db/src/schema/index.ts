export * from './regions.js';
export * from './users.js';
export * from './audit.js';
export * from './settings.js';
export * from './jobs.js';
export * from './power.js';
export * from './books.js';
export * from './registry.js';
