export { calendarRoutes as routes, publicCalendarRoutes as publicRoutes } from './calendar.routes.js';
export { getCalendar, listOverrides, setOverride, removeOverride, type DistrictCalendar } from './calendar.service.js';
