/** The receipt after submitting: the receipt code, big and copyable, shown this once. */
import { useState } from 'react';
import { Link } from 'react-router';
import { copyText } from '../../components/AuditHead';
import { fmtDay } from '../../format';
import type { Done } from './ReportForm';
import { R } from './text';

export default function Receipt({ done }: { done: Done }) {
  const [copied, setCopied] = useState<'ok' | 'fail' | null>(null);
  const { receipt } = done;
  return (
    <div data-testid="report-receipt">
      <section className="card receipt-card">
        <h1 className="sub-title">{R.receiptTitle}</h1>
        <p className="receipt-label">{R.receiptCode}</p>
        <p className="receipt-code" data-testid="receipt-code">
          {/* Groups stay whole when a narrow screen has to wrap the code. */}
          {receipt.receiptCode.split('-').map((g, i, all) => (
            <span key={i} className="receipt-group">
              {g}
              {i < all.length - 1 ? '-' : ''}
            </span>
          ))}
        </p>
        <button
          type="button"
          className="copy-button"
          onClick={async () => setCopied((await copyText(receipt.receiptCode)) ? 'ok' : 'fail')}
          data-testid="receipt-copy"
        >
          {copied === 'ok' ? R.copied : copied === 'fail' ? R.copyFailed : R.copy}
        </button>
        <div className="receipt-warning" role="note" data-testid="receipt-warning">
          <strong>{R.receiptOnce}</strong>
          <p>{R.receiptOnceText}</p>
        </div>
        <dl className="facts">
          <div>
            <dt>{R.receiptNumber}</dt>
            <dd data-testid="receipt-number">{receipt.number}</dd>
          </div>
          <div>
            <dt>{R.receiptOn}</dt>
            <dd>{fmtDay(receipt.receivedOn)}</dd>
          </div>
        </dl>
        {done.uploaded > 0 && <p className="ok-line">{R.filesUploaded(done.uploaded)}</p>}
        {done.failed.length > 0 && (
          <p className="error-text" data-testid="receipt-upload-failed">
            {R.filesFailed(done.failed.join('、'))}
          </p>
        )}
        <p className="plain">{R.receiptNext}</p>
      </section>
      <div className="page-action">
        <Link className="big-link" to="/report/track" data-testid="receipt-track">
          {R.goTrack}
        </Link>
      </div>
    </div>
  );
}
