/** The report form's values, the checks made before sending (the server checks again) and the request body. */
import type { TReportCategory, TReportSubjectKind, TSubmitReportRequest } from '@mpw/contracts';
import { R } from './text';

export interface ReportFormValues {
  category: TReportCategory | '';
  regionCode: string;
  subjectName: string;
  subjectPosition: string;
  subjectKind: TReportSubjectKind | '';
  content: string;
  occurredWhen: string;
  anonymous: boolean;
  name: string;
  phone: string;
  idNumber: string;
  address: string;
  wantsProtection: boolean;
  passphrase: string;
  passphrase2: string;
}

export const EMPTY_FORM: ReportFormValues = {
  category: '',
  regionCode: '',
  subjectName: '',
  subjectPosition: '',
  subjectKind: '',
  content: '',
  occurredWhen: '',
  anonymous: true,
  name: '',
  phone: '',
  idNumber: '',
  address: '',
  wantsProtection: false,
  passphrase: '',
  passphrase2: '',
};

/** Form field → the path the server names in `details` (and back). */
export const SERVER_PATHS: Record<string, keyof ReportFormValues> = {
  category: 'category',
  regionCode: 'regionCode',
  subjectName: 'subjectName',
  subjectPosition: 'subjectPosition',
  subjectKind: 'subjectKind',
  content: 'content',
  occurredWhen: 'occurredWhen',
  reporter: 'name',
  'reporter.name': 'name',
  'reporter.phone': 'phone',
  'reporter.idNumber': 'idNumber',
  'reporter.address': 'address',
  passphrase: 'passphrase',
};

/** The order fields appear in on the page (to scroll to the first error). */
export const FIELD_ORDER: (keyof ReportFormValues)[] = [
  'category',
  'regionCode',
  'subjectName',
  'subjectPosition',
  'subjectKind',
  'content',
  'occurredWhen',
  'name',
  'phone',
  'idNumber',
  'address',
  'passphrase',
  'passphrase2',
];

const PHONE = /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/;
const ID_NUMBER = /^\d{17}[\dX]$/;

function len(s: string) {
  return [...s.trim()].length;
}

/** Field → message for what is missing or wrong; empty when the form can be sent. */
export function validateReport(v: ReportFormValues): Partial<Record<keyof ReportFormValues, string>> {
  const e: Partial<Record<keyof ReportFormValues, string>> = {};
  const need = (k: keyof ReportFormValues, label: string, max: number) => {
    const s = String(v[k]);
    if (!s.trim()) e[k] = R.required(label);
    else if (len(s) > max) e[k] = `${label}不能超过${max}个字`;
  };
  if (!v.category) e.category = R.pickCategory;
  if (!/^\d{12}$/.test(v.regionCode)) e.regionCode = R.pickVillage;
  need('subjectName', '被举报人姓名', 50);
  need('subjectPosition', '被举报人职务', 50);
  if (!v.subjectKind) e.subjectKind = R.pickKind;
  need('content', '举报内容', 5000);
  if (len(v.occurredWhen) > 100) e.occurredWhen = '发生时间不能超过100个字';
  if (!v.anonymous) {
    need('name', '举报人姓名', 50);
    if (!v.phone.trim()) e.phone = R.required('联系电话');
    else if (!PHONE.test(v.phone.trim())) e.phone = R.phoneInvalid;
    if (v.idNumber.trim() && !ID_NUMBER.test(v.idNumber.trim().toUpperCase())) e.idNumber = R.idInvalid;
    if (len(v.address) > 200) e.address = '联系地址不能超过200个字';
  }
  if (v.passphrase.length < 8) e.passphrase = R.passphraseShort;
  else if (v.passphrase.length > 64) e.passphrase = R.passphraseLong;
  else if (v.passphrase !== v.passphrase2) e.passphrase2 = R.passphraseMismatch;
  return e;
}

/** The request body without the proof-of-work (the caller adds `challenge` and `nonce`). */
export function reportBody(v: ReportFormValues): Omit<TSubmitReportRequest, 'challenge' | 'nonce'> {
  const opt = (s: string) => (s.trim() ? s.trim() : undefined);
  return {
    category: v.category as TReportCategory,
    regionCode: v.regionCode,
    subjectName: v.subjectName.trim(),
    subjectPosition: v.subjectPosition.trim(),
    subjectKind: v.subjectKind as TReportSubjectKind,
    content: v.content.trim(),
    occurredWhen: opt(v.occurredWhen),
    anonymous: v.anonymous,
    reporter: v.anonymous
      ? undefined
      : {
          name: v.name.trim(),
          phone: v.phone.trim(),
          idNumber: opt(v.idNumber.toUpperCase()),
          address: opt(v.address),
          wantsProtection: v.wantsProtection,
        },
    passphrase: v.passphrase,
  };
}

/** Server field messages mapped onto the form's fields; `rest` holds those naming no field of the form. */
export function mapServerFields(fields: Record<string, string>): { byField: Partial<Record<keyof ReportFormValues, string>>; rest: string[] } {
  const byField: Partial<Record<keyof ReportFormValues, string>> = {};
  const rest: string[] = [];
  for (const [path, message] of Object.entries(fields)) {
    const k = SERVER_PATHS[path];
    if (k && !byField[k]) byField[k] = message;
    else if (!k) rest.push(message);
  }
  return { byField, rest };
}
