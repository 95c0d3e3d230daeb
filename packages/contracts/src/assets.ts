import { z } from 'zod';
import { isCalendarDate } from './calendar.js';
import { ZPageQuery } from './common.js';
import { ZRegionCode } from './regions.js';

/** 三资: kinds of collective assets and resources. */
export const ASSET_KINDS = ['land', 'building', 'equipment', 'funds', 'resource', 'other'] as const;
export type TAssetKind = (typeof ASSET_KINDS)[number];
export const ASSET_KIND_LABELS: Record<TAssetKind, string> = {
  land: '土地',
  building: '房屋建筑',
  equipment: '设备设施',
  funds: '资金',
  resource: '资源',
  other: '其他',
};

export const ASSET_STATUSES = ['self_used', 'leased', 'idle', 'sold'] as const;
export type TAssetStatus = (typeof ASSET_STATUSES)[number];
export const ASSET_STATUS_LABELS: Record<TAssetStatus, string> = { self_used: '自用', leased: '出租', idle: '闲置', sold: '已出售' };

/** contracts.csv `contract_type` (shared/spec/data-exchange.md). */
export const CONTRACT_TYPES = ['工程', '采购', '服务', '资产租赁', '资产出售', '土地承包'] as const;
export type TContractType = (typeof CONTRACT_TYPES)[number];
/** Types that dispose of collective assets: at or above the disposal threshold they must be publicly traded (ASSET_NO_AUCTION). */
export const DISPOSAL_CONTRACT_TYPES: readonly TContractType[] = ['资产租赁', '资产出售', '土地承包'];

/** contracts.csv `procurement_method`. */
export const PROCUREMENT_METHODS = ['公开招标', '公开拍卖', '公开竞价', '竞争性谈判', '询价', '直接委托'] as const;
export type TProcurementMethod = (typeof PROCUREMENT_METHODS)[number];
export const PUBLIC_PROCUREMENT_METHODS: readonly TProcurementMethod[] = ['公开招标', '公开拍卖', '公开竞价'];

export const CONTRACT_STATUSES = ['active', 'completed', 'terminated'] as const;
export type TContractStatus = (typeof CONTRACT_STATUSES)[number];
export const CONTRACT_STATUS_LABELS: Record<TContractStatus, string> = { active: '履行中', completed: '已完成', terminated: '已终止' };

/** A date YYYY-MM-DD, any year (assets may have been acquired long ago). */
const zDate = (label: string) =>
  z
    .string({ message: `${label}格式应为YYYY-MM-DD` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: `${label}格式应为YYYY-MM-DD`, abort: true })
    .refine(isCalendarDate, { message: `${label}不是有效的日期` });

const zFen = (label: string) =>
  z
    .number({ message: `${label}必须是数字（单位：分）` })
    .int({ message: `${label}以分为单位，必须是整数` })
    .min(0, { message: `${label}不能为负` })
    .max(1e13, { message: `${label}过大` });

const zText = (label: string, max: number) => z.string().trim().max(max, { message: `${label}不能超过${max}个字` });
const zRequired = (label: string, max: number) => zText(label, max).min(1, { message: `请填写${label}` });

// ---------------------------------------------------------------- assets

export const ZCreateAssetRequest = z.object({
  /** The village; a village account may leave it out (its own village). */
  regionCode: ZRegionCode.optional(),
  /** Unique within the village. */
  assetNo: zRequired('资产编号', 40),
  kind: z.enum(ASSET_KINDS, { message: '未知的资产类别' }),
  name: zRequired('资产名称', 100),
  location: zText('坐落位置', 200).nullable().optional(),
  quantity: zText('数量', 40).nullable().optional(),
  unit: zText('计量单位', 20).nullable().optional(),
  valueFen: zFen('价值').nullable().optional(),
  status: z.enum(ASSET_STATUSES, { message: '未知的资产状态' }).default('self_used'),
  acquiredOn: zDate('取得日期').nullable().optional(),
  notes: zText('备注', 1000).nullable().optional(),
});
export type TCreateAssetRequest = z.infer<typeof ZCreateAssetRequest>;

export const ZUpdateAssetRequest = ZCreateAssetRequest.omit({ regionCode: true, status: true })
  .extend({ status: z.enum(ASSET_STATUSES, { message: '未知的资产状态' }) })
  .partial();
export type TUpdateAssetRequest = z.infer<typeof ZUpdateAssetRequest>;

export const ZAsset = z.object({
  id: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  assetNo: z.string(),
  kind: z.enum(ASSET_KINDS),
  name: z.string(),
  location: z.string().nullable(),
  quantity: z.string().nullable(),
  unit: z.string().nullable(),
  valueFen: z.number().nullable(),
  status: z.enum(ASSET_STATUSES),
  acquiredOn: z.string().nullable(),
  notes: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TAsset = z.infer<typeof ZAsset>;

export const ZAssetListQuery = ZPageQuery.extend({
  regionCode: ZRegionCode.optional(),
  kind: z.enum(ASSET_KINDS, { message: '未知的资产类别' }).optional(),
  status: z.enum(ASSET_STATUSES, { message: '未知的资产状态' }).optional(),
  q: z.string().trim().max(50).optional(),
});
export type TAssetListQuery = z.infer<typeof ZAssetListQuery>;

const ZTotal = z.object({ count: z.number().int(), valueFen: z.number() });
/** One page of assets, and totals over every asset the filter matches (not only the page). */
export const ZAssetList = z.object({
  data: z.array(ZAsset),
  total: z.number().int(),
  totals: z.object({
    valueFen: z.number(),
    byKind: z.array(ZTotal.extend({ kind: z.enum(ASSET_KINDS) })),
    byStatus: z.array(ZTotal.extend({ status: z.enum(ASSET_STATUSES) })),
  }),
});
export type TAssetList = z.infer<typeof ZAssetList>;

// ---------------------------------------------------------------- contracts

export const ZCreateContractRequest = z.object({
  regionCode: ZRegionCode.optional(),
  /** contract_id in contracts.csv; unique across the platform. Left out: numbered `<village>-HT-<year>-NNNN`. */
  contractNo: zRequired('合同编号', 60).optional(),
  contractType: z.enum(CONTRACT_TYPES, { message: '未知的合同类型' }),
  title: zRequired('合同名称', 200),
  counterpartyName: zRequired('相对方', 100),
  /** A resident identity number (GB 11643) or an 18-character unified social credit code. */
  counterpartyId: zText('相对方证件号', 18).nullable().optional(),
  amountFen: zFen('合同金额'),
  signedDate: zDate('签订日期'),
  startDate: zDate('开始日期').nullable().optional(),
  endDate: zDate('结束日期').nullable().optional(),
  procurementMethod: z.enum(PROCUREMENT_METHODS, { message: '未知的交易方式' }).nullable().optional(),
  /** A decision of the same village (四议两公开) that authorised the contract. */
  decisionNo: zText('决策编号', 60).nullable().optional(),
  /** The asset leased or sold (a lease or sale marks it leased / sold). */
  assetId: z.uuid({ message: '资产编号格式不正确' }).nullable().optional(),
  status: z.enum(CONTRACT_STATUSES, { message: '未知的合同状态' }).default('active'),
});
export type TCreateContractRequest = z.infer<typeof ZCreateContractRequest>;

export const ZUpdateContractRequest = ZCreateContractRequest.omit({ regionCode: true, contractNo: true, status: true })
  .extend({ status: z.enum(CONTRACT_STATUSES, { message: '未知的合同状态' }) })
  .partial();
export type TUpdateContractRequest = z.infer<typeof ZUpdateContractRequest>;

export const ZContract = z.object({
  id: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  contractNo: z.string(),
  contractType: z.enum(CONTRACT_TYPES),
  title: z.string(),
  counterpartyName: z.string(),
  counterpartyId: z.string().nullable(),
  amountFen: z.number(),
  signedDate: z.string(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  procurementMethod: z.enum(PROCUREMENT_METHODS).nullable(),
  decisionNo: z.string().nullable(),
  decisionId: z.string().nullable(),
  assetId: z.string().nullable(),
  status: z.enum(CONTRACT_STATUSES),
  isFlagged: z.boolean(),
  flagReason: z.string().nullable(),
  paidFen: z.number(),
  remainingFen: z.number(),
  source: z.enum(['manual', 'import']),
  provenance: z.unknown().nullable(),
  extra: z.record(z.string(), z.string()).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TContract = z.infer<typeof ZContract>;

export const ZContractListQuery = ZPageQuery.extend({
  regionCode: ZRegionCode.optional(),
  contractType: z.enum(CONTRACT_TYPES, { message: '未知的合同类型' }).optional(),
  status: z.enum(CONTRACT_STATUSES, { message: '未知的合同状态' }).optional(),
  flagged: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(50).optional(),
});
export type TContractListQuery = z.infer<typeof ZContractListQuery>;

export const ZCreateContractPaymentRequest = z.object({
  paidOn: zDate('支付日期'),
  amountFen: zFen('支付金额').min(1, { message: '支付金额必须大于0' }),
  ledgerEntryId: z.uuid({ message: '凭证编号格式不正确' }).nullable().optional(),
  note: zText('备注', 500).nullable().optional(),
});
export type TCreateContractPaymentRequest = z.infer<typeof ZCreateContractPaymentRequest>;

export const ZContractPayment = z.object({
  id: z.string(),
  contractId: z.string(),
  paidOn: z.string(),
  amountFen: z.number(),
  ledgerEntryId: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type TContractPayment = z.infer<typeof ZContractPayment>;

export const ZContractPayments = z.object({
  data: z.array(ZContractPayment),
  total: z.number().int(),
  amountFen: z.number(),
  paidFen: z.number(),
  remainingFen: z.number(),
});
export type TContractPayments = z.infer<typeof ZContractPayments>;

export const ZExpiringContractsQuery = z.object({
  /** Window in days; default: the district's `assets.expiryWarningDays`. */
  days: z.coerce.number().int().min(0, { message: '天数不能为负' }).max(3650, { message: '天数过大' }).optional(),
  regionCode: ZRegionCode.optional(),
});
export type TExpiringContractsQuery = z.infer<typeof ZExpiringContractsQuery>;

export const ZExpiringContract = ZContract.extend({
  /** Calendar days from today (China time) to the end date; negative when overdue. */
  daysLeft: z.number().int(),
  isOverdue: z.boolean(),
});
export const ZExpiringContracts = z.object({ data: z.array(ZExpiringContract), total: z.number().int(), days: z.number().int() });
export type TExpiringContracts = z.infer<typeof ZExpiringContracts>;

export const ZContractImportQuery = z.object({ strict: z.enum(['true', 'false']).optional() });
export const ZContractImportReport = z.object({
  read: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** Rows recorded with a flag (ASSET_NO_AUCTION, identity number failing its check). */
  flagged: z.number().int(),
  /** With strict mode and any rejected row, nothing was imported. */
  aborted: z.boolean(),
  rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })),
});
export type TContractImportReport = z.infer<typeof ZContractImportReport>;

export const ZContractExportQuery = z.object({ regionCode: ZRegionCode.optional() });

// ---------------------------------------------------------------- portal

export const ZPublicAssetsQuery = z.object({ village: ZRegionCode });

/** What a villager may see: no identity numbers or credit codes; a person's name masked (王*明). */
export const ZPublicAssets = z.object({
  village: z.object({ code: z.string(), name: z.string() }),
  assets: z.array(
    z.object({
      assetNo: z.string(),
      kind: z.enum(ASSET_KINDS),
      name: z.string(),
      location: z.string().nullable(),
      quantity: z.string().nullable(),
      unit: z.string().nullable(),
      status: z.enum(ASSET_STATUSES),
      valueFen: z.number().nullable(),
    }),
  ),
  contracts: z.array(
    z.object({
      contractNo: z.string(),
      contractType: z.enum(CONTRACT_TYPES),
      title: z.string(),
      counterpartyName: z.string(),
      amountFen: z.number(),
      signedDate: z.string(),
      startDate: z.string().nullable(),
      endDate: z.string().nullable(),
      procurementMethod: z.enum(PROCUREMENT_METHODS).nullable(),
      status: z.enum(CONTRACT_STATUSES),
      isFlagged: z.boolean(),
    }),
  ),
});
export type TPublicAssets = z.infer<typeof ZPublicAssets>;
