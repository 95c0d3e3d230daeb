export { matterRoutes as routes, publicMatterRoutes as publicRoutes } from './matters.routes.js';
export * as mattersService from './matters.service.js';
import './matters.jobs.js';
