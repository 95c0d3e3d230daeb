import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZAsset,
  ZAssetList,
  ZAssetListQuery,
  ZContract,
  ZContractExportQuery,
  ZContractImportQuery,
  ZContractImportReport,
  ZContractListQuery,
  ZContractPayments,
  ZCreateAssetRequest,
  ZCreateContractPaymentRequest,
  ZCreateContractRequest,
  ZExpiringContracts,
  ZExpiringContractsQuery,
  ZOk,
  ZPage,
  ZPublicAssets,
  ZPublicAssetsQuery,
  ZUpdateAssetRequest,
  ZUpdateContractRequest,
} from '@mpw/contracts';
import { AppError, ErrorCode } from '../../lib/errors.js';
import * as assets from './assets.service.js';
import { importContracts } from './assets.import.js';
import { exportContractsCsv } from './assets.export.js';
import { revalidated } from '../../lib/revalidate.js';

const assetParams = z.object({ id: z.uuid({ message: '资产编号格式不正确' }) });
const contractParams = z.object({ id: z.uuid({ message: '合同编号格式不正确' }) });

export async function assetRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['assets'];

  r.get('/', {
    config: { permission: 'assets:asset:read' },
    schema: { tags, summary: '集体资产台账 List assets with totals by kind and status', querystring: ZAssetListQuery, response: { 200: ZAssetList } },
  }, async (request) => assets.findAssets(db, request.actor, request.query));

  r.post('/', {
    config: { permission: 'assets:asset:write' },
    schema: { tags, summary: '登记资产 Register an asset', body: ZCreateAssetRequest, response: { 201: ZAsset } },
  }, async (request, reply) => reply.status(201).send(await assets.createAsset(db, request.actor, request.body)));

  r.get('/:id', {
    config: { permission: 'assets:asset:read' },
    schema: { tags, summary: '资产详情 Get an asset', params: assetParams, response: { 200: ZAsset } },
  }, async (request) => assets.getAssetById(db, request.actor, request.params.id));

  r.patch('/:id', {
    config: { permission: 'assets:asset:write' },
    schema: { tags, summary: '修改资产 Update an asset', params: assetParams, body: ZUpdateAssetRequest, response: { 200: ZAsset } },
  }, async (request) => assets.updateAsset(db, request.actor, request.params.id, request.body));

  r.delete('/:id', {
    config: { permission: 'assets:asset:write' },
    schema: { tags, summary: '删除资产（软删除） Delete an asset (soft)', params: assetParams, response: { 200: ZOk } },
  }, async (request) => {
    await assets.deleteAsset(db, request.actor, request.params.id);
    return { ok: true as const };
  });

  r.get('/contracts', {
    config: { permission: 'assets:contract:read' },
    schema: { tags, summary: '合同列表 List contracts', querystring: ZContractListQuery, response: { 200: ZPage(ZContract) } },
  }, async (request) => assets.findContracts(db, request.actor, request.query));

  r.get('/contracts/expiring', {
    config: { permission: 'assets:contract:read' },
    schema: { tags, summary: '即将到期与已过期的合同 Contracts nearing or past their end date', querystring: ZExpiringContractsQuery, response: { 200: ZExpiringContracts } },
  }, async (request) => assets.findExpiringContracts(db, request.actor, request.query));

  r.get('/contracts/export.csv', {
    config: { permission: 'assets:contract:read' },
    schema: { tags, summary: '导出 contracts.csv (shared/spec/data-exchange.md)', querystring: ZContractExportQuery, produces: ['text/csv'] },
  }, async (request, reply) => {
    const csv = await exportContractsCsv(db, { regionCode: request.query.regionCode, scopeCode: request.actor.regionCode });
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="contracts.csv"').send(csv);
  });

  r.post('/contracts/import', {
    config: { permission: 'assets:contract:write' },
    bodyLimit: 20 * 1024 * 1024,
    schema: {
      tags,
      summary: '导入 contracts.csv Import contracts.csv',
      description: 'Body: the CSV file (text/csv), UTF-8 or GB18030. `?strict=true` imports nothing if any row is bad.',
      querystring: ZContractImportQuery,
      response: { 200: ZContractImportReport },
    },
  }, async (request) => {
    if (!Buffer.isBuffer(request.body)) throw new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, { message: '请以 text/csv 上传 contracts.csv 文件' });
    return importContracts(db, request.actor, request.body, { strict: request.query.strict === 'true', fileName: 'contracts.csv' });
  });

  r.post('/contracts', {
    config: { permission: 'assets:contract:write' },
    schema: { tags, summary: '登记合同 Record a contract', body: ZCreateContractRequest, response: { 201: ZContract } },
  }, async (request, reply) => reply.status(201).send(await assets.createContract(db, request.actor, request.body)));

  r.get('/contracts/:id', {
    config: { permission: 'assets:contract:read' },
    schema: { tags, summary: '合同详情 Get a contract', params: contractParams, response: { 200: ZContract } },
  }, async (request) => assets.getContractById(db, request.actor, request.params.id));

  r.patch('/contracts/:id', {
    config: { permission: 'assets:contract:write' },
    schema: { tags, summary: '修改合同 Update a contract', params: contractParams, body: ZUpdateContractRequest, response: { 200: ZContract } },
  }, async (request) => assets.updateContract(db, request.actor, request.params.id, request.body));

  r.get('/contracts/:id/payments', {
    config: { permission: 'assets:contract:read' },
    schema: { tags, summary: '合同支付记录 Payments against a contract', params: contractParams, response: { 200: ZContractPayments } },
  }, async (request) => assets.findContractPayments(db, request.actor, request.params.id));

  r.post('/contracts/:id/payments', {
    config: { permission: 'assets:contract:write' },
    schema: { tags, summary: '登记合同支付 Record a payment', params: contractParams, body: ZCreateContractPaymentRequest, response: { 201: ZContractPayments } },
  }, async (request, reply) => reply.status(201).send(await assets.addContractPayment(db, request.actor, request.params.id, request.body)));
}

/** What villagers read on the portal without an account. */
export async function assetPublicRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.get('/', {
    config: { auth: 'public' },
    schema: { tags: ['public'], summary: '本村集体资产与合同公开 Assets and contracts of a village', querystring: ZPublicAssetsQuery, response: { 200: ZPublicAssets } },
  }, async (request, reply) => {
    return revalidated(request, reply, await assets.getPublicAssets(db, request.query.village));
  });
}
