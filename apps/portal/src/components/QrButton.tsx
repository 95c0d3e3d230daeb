/** The 二维码 button of a village page or a disclosure: opens the printable QR page of that page. */
import { Link } from 'react-router';

/** /v/<code>/qr?path=/portal<routerPath>&title=<title> (pages/qr/QrPrint.tsx). */
export function qrLink(villageCode: string, routerPath: string, title: string): string {
  const q = new URLSearchParams({ path: '/portal' + routerPath, title });
  return `/v/${villageCode}/qr?${q.toString()}`;
}

export default function QrButton({ villageCode, path, title }: { villageCode: string; path: string; title: string }) {
  return (
    <Link className="qr-button" to={qrLink(villageCode, path, title)} aria-label={`${title}的二维码（可打印）`} data-testid="qr-button">
      <svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
        <rect x="3" y="3" width="7" height="7" />
        <rect x="14" y="3" width="7" height="7" />
        <rect x="3" y="14" width="7" height="7" />
        <path d="M14 14h3v3h-3zM18 18h3v3h-3zM14 20h2M20 14v2" />
      </svg>
      二维码
    </Link>
  );
}
