import { z } from 'zod';
import { ROLES } from './roles.js';
import { ZRegionCode } from './regions.js';
import { ZUsername } from './auth.js';
import { ZPageQuery } from './common.js';

export const USER_STATUSES = ['active', 'disabled'] as const;

export const ZUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  regionCode: ZRegionCode,
  regionName: z.string(),
  roles: z.array(z.enum(ROLES)),
  status: z.enum(USER_STATUSES),
  mustChangePassword: z.boolean(),
  mfaEnabled: z.boolean(),
  isMachine: z.boolean(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  /** The staff member's identity number, masked (used to keep a handler off reports about themselves or close relatives). */
  idNumberMasked: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TUser = z.infer<typeof ZUser>;

const ZEmail = z.email({ message: '邮箱格式不正确' }).max(120, { message: '邮箱过长' });
const ZPhone = z.string().trim().regex(/^1\d{10}$/, { message: '手机号应为11位数字' });
const ZStaffIdNumber = z.string().trim().toUpperCase().regex(/^\d{17}[\dX]$/, { message: '身份证号应为18位（最后一位可为X）' });

export const ZCreateUserRequest = z.object({
  username: ZUsername,
  displayName: z.string().trim().min(1, { message: '姓名不能为空' }).max(50, { message: '姓名不能超过50个字' }),
  regionCode: ZRegionCode,
  roles: z.array(z.enum(ROLES, { message: '未知角色' })).min(1, { message: '至少选择一个角色' }),
  email: ZEmail.optional(),
  phone: ZPhone.optional(),
  idNumber: ZStaffIdNumber.optional(),
  /** Initial password; must be changed at first login. */
  password: z.string().min(1, { message: '请输入初始密码' }).max(128, { message: '密码过长' }),
});
export type TCreateUserRequest = z.infer<typeof ZCreateUserRequest>;

export const ZUpdateUserRequest = z.object({
  displayName: z.string().trim().min(1, { message: '姓名不能为空' }).max(50, { message: '姓名不能超过50个字' }).optional(),
  roles: z.array(z.enum(ROLES, { message: '未知角色' })).min(1, { message: '至少选择一个角色' }).optional(),
  email: ZEmail.nullable().optional(),
  phone: ZPhone.nullable().optional(),
  idNumber: ZStaffIdNumber.nullable().optional(),
});
export type TUpdateUserRequest = z.infer<typeof ZUpdateUserRequest>;

export const ZResetPasswordRequest = z.object({
  password: z.string().min(1, { message: '请输入新的初始密码' }).max(128, { message: '密码过长' }),
});

export const ZUserListQuery = ZPageQuery.extend({
  regionCode: ZRegionCode.optional(),
  q: z.string().trim().max(64).optional(),
  role: z.enum(ROLES).optional(),
  status: z.enum(USER_STATUSES).optional(),
});
export type TUserListQuery = z.infer<typeof ZUserListQuery>;
