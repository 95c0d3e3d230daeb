/**
 * A printable QR code (/v/:code/qr?path=<portal path>&title=<title>): the code of a village page or
 * a disclosure (GET /api/v1/public/qr.svg?path=…), the village's name, the title, "微信或手机相机
 * 扫码查看" and the address in words; 打印 prints just that (print CSS hides the rest).
 */
import { useEffect, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { Button } from 'antd-mobile';
import type { TPublicVillage } from '@mpw/contracts';
import { apiUrl, getJson } from '../../api';
import { SubPage } from '../../components/SubPage';
import { NotFoundBlock } from '../NotFound';
import { S } from '../../strings';
import { backOf, portalPath, QR_WORDS } from './qr';
import './qr.css';

export default function QrPrint() {
  const { code = '' } = useParams();
  const [params] = useSearchParams();
  const path = portalPath(params.get('path'));
  const title = (params.get('title') ?? '').trim().slice(0, 80);
  const [village, setVillage] = useState<TPublicVillage | null>(null);

  useEffect(() => {
    if (!/^\d{12}$/.test(code)) return;
    const ac = new AbortController();
    getJson<TPublicVillage>(`/public/villages/${code}`, undefined, ac.signal)
      .then(setVillage)
      .catch(() => undefined);
    return () => ac.abort();
  }, [code]);
  useEffect(() => {
    document.title = `${title || QR_WORDS.title} · ${S.appName}`;
  }, [title]);

  if (!path) {
    return (
      <SubPage title={QR_WORDS.title} back={`/v/${code}`}>
        <NotFoundBlock title={QR_WORDS.badPath} />
      </SubPage>
    );
  }
  const address = `${window.location.origin}${path}`;
  return (
    <SubPage title={QR_WORDS.title} back={backOf(path, code)}>
      <article className="qr-sheet" data-testid="qr-sheet">
        <p className="qr-village" data-testid="qr-village">
          {village ? [village.townshipName, village.name].filter(Boolean).join(' ') : ' '}
        </p>
        {title && (
          <h1 className="qr-title" data-testid="qr-title">
            {title}
          </h1>
        )}
        <img className="qr-image" src={apiUrl('/public/qr.svg', { path })} alt={QR_WORDS.qrAlt(title || village?.name || QR_WORDS.title)} width={280} height={280} data-testid="qr-image" />
        <p className="qr-scan">{QR_WORDS.scan}</p>
        <p className="qr-address" data-testid="qr-address">
          {address}
        </p>
        <p className="qr-brand">{S.appName}</p>
      </article>
      <div className="page-action qr-actions">
        <Button block color="primary" size="large" onClick={() => window.print()} data-testid="qr-print">
          {QR_WORDS.print}
        </Button>
        <p className="muted small">{QR_WORDS.printHint}</p>
      </div>
    </SubPage>
  );
}
