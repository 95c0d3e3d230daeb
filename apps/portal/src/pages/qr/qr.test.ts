import { describe, expect, it } from 'vitest';
import { qrLink } from '../../components/QrButton';
import { backOf, portalPath } from './qr';

describe('printable QR page', () => {
  it('accepts only pages of the portal', () => {
    expect(portalPath('/portal/v/330299101201')).toBe('/portal/v/330299101201');
    expect(portalPath('/v/330299101201/disclosures/x')).toBe('/portal/v/330299101201/disclosures/x');
    for (const bad of [null, '', 'https://evil.example/portal/', '//evil.example/portal/', '/portal//evil', '/api/v1/x', '/portal/v/1/household#code=K7QM-3XHP']) expect(portalPath(bad)).toBeNull();
  });
  it('links a page to its QR page and back', () => {
    const link = qrLink('330299101201', '/v/330299101201/disclosures/abc', '2026年11月财务公开');
    const url = new URL(link, 'http://x');
    expect(url.pathname).toBe('/v/330299101201/qr');
    expect(url.searchParams.get('path')).toBe('/portal/v/330299101201/disclosures/abc');
    expect(url.searchParams.get('title')).toBe('2026年11月财务公开');
    expect(backOf('/portal/v/330299101201/disclosures/abc', '330299101201')).toBe('/v/330299101201/disclosures/abc');
    expect(backOf('/portal/', '330299101201')).toBe('/v/330299101201');
  });
});
