import { ERROR_MESSAGES, ERROR_STATUS, ErrorCode, type TErrorCode } from '@mpw/contracts';

export { ErrorCode };

export class AppError extends Error {
  readonly code: TErrorCode;
  readonly status: number;
  readonly details?: unknown;

  constructor(code: TErrorCode, options: { message?: string; details?: unknown } = {}) {
    super(options.message ?? ERROR_MESSAGES[code].zh);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.details = options.details;
  }
}

export const notFound = (what = '记录') => new AppError(ErrorCode.NOT_FOUND, { message: `${what}不存在` });

export function validationError(path: string, message: string): AppError {
  return new AppError(ErrorCode.VALIDATION_FAILED, { message: `${path}: ${message}`, details: [{ path, message }] });
}
