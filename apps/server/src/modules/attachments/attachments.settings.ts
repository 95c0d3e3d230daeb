import { defineSetting, zInt } from '../settings/settings.registry.js';

export const MAX_SIZE_BYTES = defineSetting({
  key: 'attachments.maxSizeBytes',
  module: 'attachments',
  kind: 'integer',
  label: { zh: '附件大小上限（字节）', en: 'Largest attachment (bytes)' },
  description: {
    zh: '上传的单个附件（凭证、签到表照片等）不能超过该大小，默认 20 MB（20971520 字节）。',
    en: 'An uploaded file (voucher, photo of a sign-in sheet, …) may not be larger than this; default 20 MB.',
  },
  schema: zInt(1024, 200 * 1024 * 1024),
  defaultValue: 20 * 1024 * 1024,
});
