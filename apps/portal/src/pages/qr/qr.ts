/** Helpers of the printable QR page (unit-tested in qr.test.ts). */

export const QR_WORDS = {
  title: '二维码',
  scan: '微信或手机相机扫码查看',
  print: '打印',
  printHint: '打印后可以贴在村务公开栏、村委会门口。扫码打开的就是下面这个网址。',
  badPath: '这个二维码链接不正确',
  qrAlt: (title: string) => `${title}的二维码`,
} as const;

/**
 * The portal path a QR code may point to: only pages of the portal (`/portal/…`, or a router path
 * `/v/…` which gets the prefix), no other host, no `//`, no fragment (a fragment may carry a code).
 */
export function portalPath(raw: string | null): string | null {
  if (!raw) return null;
  let p = raw.trim();
  if (p.startsWith('/v/') || p === '/') p = '/portal' + p;
  if (p === '/portal') p = '/portal/';
  if (!/^\/portal(\/|$)/.test(p) || p.includes('//') || p.includes('#') || p.includes('\\') || p.length > 300) return null;
  return p;
}

/** Where 返回 goes: the page the code is of, when it is a page of the portal. */
export function backOf(path: string, villageCode: string): string {
  const router = path.replace(/^\/portal/, '') || '/';
  return router.startsWith('/v/') ? router : `/v/${villageCode}`;
}
