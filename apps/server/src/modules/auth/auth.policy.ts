/** Platform security policy (classified protection level 3 practice), documented in docs/security.md. */
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_WINDOW_MINUTES = 15;
export const SESSION_COOKIE = 'mpw_session';
export const CSRF_HEADER = 'x-csrf-token';
/** Touch last_seen_at at most this often, to keep request handling read-only most of the time. */
export const SESSION_TOUCH_SECONDS = 60;

export const AUTH_ACTIONS = {
  loginSucceeded: 'auth.login.succeeded',
  loginFailed: 'auth.login.failed',
  locked: 'auth.locked',
  unlocked: 'auth.unlocked',
  logout: 'auth.logout',
  passwordChanged: 'auth.password.changed',
  mfaEnabled: 'auth.mfa.enabled',
  mfaFailed: 'auth.mfa.failed',
} as const;
