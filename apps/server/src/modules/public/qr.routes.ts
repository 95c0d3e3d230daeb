import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { posterLink } from '../disclosures/disclosures.poster.js';
import { qrSvg } from '../households/households.service.js';

/** Portal addresses only: a path under /portal/ of URL-safe characters (no scheme, host or fragment). */
const ZPortalPath = z
  .string({ message: 'path: 请提供门户页面地址' })
  .max(300, { message: '地址过长（最多300个字符）' })
  .regex(/^\/portal\/[A-Za-z0-9\-._~/?=&%]*$/, { message: '只能为本站门户页面（以 /portal/ 开头的地址）生成二维码' })
  .refine((p) => !p.includes('//') && !p.includes('..'), { message: '只能为本站门户页面（以 /portal/ 开头的地址）生成二维码' });

/**
 * GET /api/v1/public/qr.svg?path=/portal/v/<village>/… — the QR code of a portal page of this
 * site, for the portal's printable QR page (village pages, disclosures). Absolute with the
 * configured public address, else with the address the request came to. The picture depends
 * only on the URL (and the host it was asked on), so it is cached for good.
 */
export async function qrRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { publicUrl } = app.deps.config;
  r.get('/qr.svg', {
    config: { auth: 'public', rateLimit: { max: 300, windowSeconds: 600 } },
    schema: { tags: ['public'], summary: '门户页面二维码（SVG） QR code of a portal page', querystring: z.object({ path: ZPortalPath }), produces: ['image/svg+xml'] },
  }, async (request, reply) => {
    const link = posterLink(request.query.path, publicUrl ?? `${request.protocol}://${request.host}`);
    if (!publicUrl) reply.header('vary', 'host');
    return reply
      .type('image/svg+xml; charset=utf-8')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(await qrSvg(link));
  });
}
