/** Stable error codes. Each maps to one HTTP status (see ERROR_STATUS) and a localized message. */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  ACCOUNT_LOCKED: 'ACCOUNT_LOCKED',
  PASSWORD_CHANGE_REQUIRED: 'PASSWORD_CHANGE_REQUIRED',
  MFA_REQUIRED: 'MFA_REQUIRED',
  MFA_ENROLMENT_REQUIRED: 'MFA_ENROLMENT_REQUIRED',
  INVALID_MFA_CODE: 'INVALID_MFA_CODE',
  CSRF_FAILED: 'CSRF_FAILED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  WEAK_PASSWORD: 'WEAK_PASSWORD',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  RATE_LIMITED: 'RATE_LIMITED',
  VERIFICATION_FAILED: 'VERIFICATION_FAILED',
  VILLAGER_UNVERIFIED: 'VILLAGER_UNVERIFIED',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;
export type TErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const ERROR_STATUS: Record<TErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_LOCKED: 423,
  PASSWORD_CHANGE_REQUIRED: 403,
  MFA_REQUIRED: 401,
  MFA_ENROLMENT_REQUIRED: 403,
  INVALID_MFA_CODE: 400,
  CSRF_FAILED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  WEAK_PASSWORD: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  VERIFICATION_FAILED: 401,
  VILLAGER_UNVERIFIED: 401,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** Default (Chinese) and English messages, used by the server and by both web apps' request wrappers. */
export const ERROR_MESSAGES: Record<TErrorCode, { zh: string; en: string }> = {
  VALIDATION_FAILED: { zh: '输入有误', en: 'Invalid input' },
  UNAUTHENTICATED: { zh: '请先登录', en: 'Please sign in' },
  INVALID_CREDENTIALS: { zh: '用户名或密码错误', en: 'Wrong user name or password' },
  ACCOUNT_LOCKED: { zh: '登录失败次数过多，账户已锁定，请15分钟后再试或联系管理员', en: 'Too many failed sign-ins; the account is locked for 15 minutes' },
  PASSWORD_CHANGE_REQUIRED: { zh: '首次登录或密码已重置，请先修改密码', en: 'Please change your password first' },
  MFA_REQUIRED: { zh: '请输入动态验证码', en: 'Enter your one-time code' },
  MFA_ENROLMENT_REQUIRED: { zh: '本区要求工作人员启用双因素认证，请先绑定动态验证码', en: 'Two-factor authentication is required; please enrol first' },
  INVALID_MFA_CODE: { zh: '动态验证码错误', en: 'Wrong one-time code' },
  CSRF_FAILED: { zh: '请求校验失败，请刷新页面后重试', en: 'Request check failed; reload the page' },
  FORBIDDEN: { zh: '没有权限执行此操作', en: 'You are not allowed to do this' },
  NOT_FOUND: { zh: '记录不存在', en: 'Not found' },
  CONFLICT: { zh: '与现有记录冲突', en: 'Conflicts with an existing record' },
  WEAK_PASSWORD: { zh: '密码不符合复杂度要求', en: 'Password is too weak' },
  PAYLOAD_TOO_LARGE: { zh: '提交内容过大', en: 'Payload too large' },
  UNSUPPORTED_MEDIA_TYPE: { zh: '不支持的内容类型', en: 'Unsupported content type' },
  RATE_LIMITED: { zh: '请求过于频繁，请稍后再试', en: 'Too many requests' },
  /** One message for every failed household verification: it never tells which part was wrong or whether the person exists. */
  VERIFICATION_FAILED: { zh: '身份证号、姓名或查询码不正确，请核对本户查询卡后再试', en: 'Identity number, name or query code is wrong' },
  VILLAGER_UNVERIFIED: { zh: '请先用身份证号和本户查询码核验身份', en: 'Please verify with your identity number and household query code first' },
  SERVICE_UNAVAILABLE: { zh: '服务暂时不可用，请稍后再试', en: 'Service temporarily unavailable' },
  INTERNAL: { zh: '服务器内部错误', en: 'Internal server error' },
};

/** RFC 9457 problem details as returned by every failing API call. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: TErrorCode;
  message: string;
  details?: { path: string; message: string }[] | Record<string, unknown>;
  requestId?: string;
}
