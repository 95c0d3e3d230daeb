import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZSettingView, ZUpdateSettingRequest } from '@mpw/contracts';
import * as settings from './settings.service.js';

export async function settingRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['settings'];

  r.get('/', {
    config: { permission: 'settings:setting:read' },
    schema: { tags, summary: '本区设置 District settings', response: { 200: z.array(ZSettingView) } },
  }, async (request) => settings.listSettings(db, request.actor));

  r.put('/:key', {
    config: { permission: 'settings:setting:write' },
    schema: {
      tags,
      summary: '修改设置 Change a setting',
      params: z.object({ key: z.string().max(100) }),
      body: ZUpdateSettingRequest,
      response: { 200: z.array(ZSettingView) },
    },
  }, async (request) => {
    await settings.updateSetting(db, request.actor, request.params.key, request.body);
    return settings.listSettings(db, request.actor);
  });
}
