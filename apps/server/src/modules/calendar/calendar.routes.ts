import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ZCalendarDayParams,
  ZCalendarOverride,
  ZCalendarYearQuery,
  ZCalendarYearView,
  ZOk,
  ZPublicWorkingDaysQuery,
  ZSetCalendarDayRequest,
  ZWorkingDaysQuery,
  ZWorkingDaysResult,
} from '@mpw/contracts';
import * as calendar from './calendar.service.js';

/** Staff routes, mounted at /api/v1/calendar: the district's calendar and its overrides. */
export async function calendarRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['calendar'];

  r.get('/', {
    config: { permission: 'calendar:day:read' },
    schema: {
      tags,
      summary: '本区工作日历：某年的节假日、调休上班日和本区调整 Holidays, adjusted working days and district overrides of a year',
      querystring: ZCalendarYearQuery,
      response: { 200: ZCalendarYearView },
    },
  }, async (request) => calendar.getYearCalendar(db, request.actor, request.query.year));

  r.get('/working-days', {
    config: { permission: 'calendar:day:read' },
    schema: {
      tags,
      summary: '按工作日计算期限 The date a number of working days after a date',
      querystring: ZWorkingDaysQuery,
      response: { 200: ZWorkingDaysResult },
    },
  }, async (request) => calendar.getDueDate(db, request.actor, request.query));

  r.put('/days/:day', {
    config: { permission: 'calendar:day:write' },
    schema: {
      tags,
      summary: '设置本区某日放假或上班 Set a district override of a day',
      params: ZCalendarDayParams,
      body: ZSetCalendarDayRequest,
      response: { 200: ZCalendarOverride },
    },
  }, async (request) => calendar.setOverride(db, request.actor, { day: request.params.day, ...request.body }));

  r.delete('/days/:day', {
    config: { permission: 'calendar:day:write' },
    schema: {
      tags,
      summary: '取消本区对某日的调整 Remove a district override',
      params: ZCalendarDayParams,
      response: { 200: ZOk },
    },
  }, async (request) => {
    await calendar.removeOverride(db, request.actor, request.params.day);
    return { ok: true as const };
  });
}

/** Portal routes, mounted at /api/v1/public/calendar. */
export async function publicCalendarRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.get('/working-days', {
    config: { auth: 'public' },
    schema: {
      tags: ['public'],
      summary: '按工作日计算期限（村民端） Due date in working days, for the portal',
      querystring: ZPublicWorkingDaysQuery,
      response: { 200: ZWorkingDaysResult },
    },
  }, async (request, reply) => {
    const result = await calendar.getPublicDueDate(db, request.query);
    reply.header('cache-control', 'public, max-age=60');
    return result;
  });
}
