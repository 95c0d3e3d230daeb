import { fenToYuan } from '../decisions/decisions.export.js';
import { DISPOSAL_CONTRACT_TYPES, PUBLIC_PROCUREMENT_METHODS, type TAssetStatus, type TContractType, type TProcurementMethod } from '@mpw/contracts';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643 resident identity number: 17 digits, a real birth date, and the check character. */
export function isValidIdNumber(value: string): boolean {
  const v = value.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(v)) return false;
  const birth = `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`;
  const t = new Date(`${birth}T00:00:00Z`);
  if (Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== birth) return false;
  const sum = ID_WEIGHTS.reduce((s, w, i) => s + w * Number(v[i]), 0);
  return ID_CHECK[sum % 11] === v[17];
}

/** Looks like an identity number (18 characters, digits and a final X): a person, whatever its check says. */
export const looksLikeIdNumber = (value: string) => /^\d{17}[\dXx]$/.test(value);

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100 unified social credit code: 18 characters of its alphabet and the check character. */
export function isValidCreditCode(value: string): boolean {
  const v = value.toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(v)) return false;
  const sum = CREDIT_WEIGHTS.reduce((s, w, i) => s + w * CREDIT_CHARS.indexOf(v[i]!), 0);
  return CREDIT_CHARS[(31 - (sum % 31)) % 31] === v[17];
}

/** Why a counterparty id is not acceptable, or null. An id is an identity number or a credit code. */
export function counterpartyIdProblem(value: string): string | null {
  if (looksLikeIdNumber(value)) return isValidIdNumber(value) ? null : '相对方身份证号未通过GB 11643校验';
  if (value.length === 18) return isValidCreditCode(value) ? null : '相对方统一社会信用代码未通过校验';
  return '相对方证件号应为18位身份证号或18位统一社会信用代码';
}

/** Words that mark an organisation's name (公司, 合作社, …): such names are shown in full on the portal. */
const ORGANISATION_WORDS = /公司|合作社|集团|厂|店|中心|协会|委员会|工作室|事务所|研究院|设计院|学校|医院|银行|商行|经营部|服务部|门市部|农场|林场|养殖场|站|队|社|所|院|局|处/;

/**
 * Whether a counterparty is a natural person, whose name the portal masks and whose id it never
 * shows: an identity number says so; a credit code says not; without an id, a name that does not
 * look like an organisation's is taken as a person's (masking too much is the safe mistake).
 */
export function isPersonCounterparty(name: string, id: string | null): boolean {
  if (id && looksLikeIdNumber(id)) return true;
  if (id && id.length === 18) return false;
  return !ORGANISATION_WORDS.test(name);
}

/** Masks a person's name for public view: 王小明 → 王*明, 张三 → 张*. */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}

/**
 * ASSET_NO_AUCTION (shared/spec/data-exchange.md): a lease, sale or land contracting at or above
 * the disposal threshold must be made by public bidding, auction or competitive bidding. Returns the
 * reason when it was not; such a contract is recorded, flagged, and raises the alert.
 */
export function disposalFlagReason(c: { contractType: TContractType; amountFen: number; procurementMethod: TProcurementMethod | null }, thresholdFen: number): string | null {
  if (!DISPOSAL_CONTRACT_TYPES.includes(c.contractType) || c.amountFen < thresholdFen) return null;
  if (c.procurementMethod && PUBLIC_PROCUREMENT_METHODS.includes(c.procurementMethod)) return null;
  return `${c.contractType}合同金额${fenToYuan(c.amountFen)}元，达到资产处置标准${fenToYuan(thresholdFen)}元，但交易方式为“${c.procurementMethod ?? '未填写'}”，未经公开招标、拍卖或竞价`;
}

/** The asset status a contract of this type gives its asset, if any. */
export function assetStatusAfter(contractType: TContractType): TAssetStatus | null {
  if (contractType === '资产出售') return 'sold';
  if (contractType === '资产租赁' || contractType === '土地承包') return 'leased';
  return null;
}
