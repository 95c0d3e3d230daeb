export { powerRoutes as routes, publicPowerRoutes as publicRoutes } from './power.routes.js';
export * as powerService from './power.service.js';
