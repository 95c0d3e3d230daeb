import { z } from 'zod';
import { ROLES } from './roles.js';
import { PERMISSIONS } from './roles.js';
import { ZRegionCode, REGION_LEVELS } from './regions.js';

export const PASSWORD_RULES_TEXT = {
  zh: '密码至少10位，且包含大写字母、小写字母、数字和符号中的至少三类，不能包含用户名',
  en: 'At least 10 characters with three of: upper case, lower case, digits, symbols; must not contain the user name',
};

/** Complexity rules (等保 three-of-four classes). Returns a Chinese reason or null. */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < 10) return '密码至少10位';
  if (password.length > 128) return '密码不能超过128位';
  const classes = [/[A-Z]/, /[a-z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (classes < 3) return '密码须包含大写字母、小写字母、数字和符号中的至少三类';
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名';
  return null;
}

export const ZUsername = z
  .string()
  .trim()
  .min(3, { message: '用户名至少3个字符' })
  .max(64, { message: '用户名不能超过64个字符' })
  .regex(/^[A-Za-z0-9_.@-]+$/, { message: '用户名只能包含字母、数字和 _ . @ -' });

export const ZLoginRequest = z.object({
  username: z.string().trim().min(1, { message: '请输入用户名' }).max(64, { message: '用户名过长' }),
  password: z.string().min(1, { message: '请输入密码' }).max(128, { message: '密码过长' }),
});
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

export const ZSessionUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  regionCode: ZRegionCode,
  regionName: z.string(),
  regionLevel: z.enum(REGION_LEVELS),
  roles: z.array(z.enum(ROLES)),
  permissions: z.array(z.enum(PERMISSIONS)),
  mustChangePassword: z.boolean(),
  mfaEnabled: z.boolean(),
});
export type TSessionUser = z.infer<typeof ZSessionUser>;

/** What login and `GET /auth/me` answer. `stage` says what the client must do next. */
export const ZSessionInfo = z.object({
  user: ZSessionUser,
  csrfToken: z.string(),
  stage: z.enum(['active', 'mfa_required', 'mfa_enrolment_required', 'password_change_required']),
  expiresAt: z.string(),
});
export type TSessionInfo = z.infer<typeof ZSessionInfo>;

export const ZChangePasswordRequest = z.object({
  oldPassword: z.string().min(1, { message: '请输入原密码' }).max(128, { message: '密码过长' }),
  newPassword: z.string().min(1, { message: '请输入新密码' }).max(128, { message: '密码过长' }),
});
export type TChangePasswordRequest = z.infer<typeof ZChangePasswordRequest>;

export const ZTotpSetupResponse = z.object({ secret: z.string(), otpauthUrl: z.string() });
export const ZTotpCodeRequest = z.object({ code: z.string().trim().regex(/^\d{6}$/, { message: '动态验证码为6位数字' }) });
export type TTotpCodeRequest = z.infer<typeof ZTotpCodeRequest>;
