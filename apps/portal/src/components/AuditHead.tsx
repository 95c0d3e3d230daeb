import { useEffect, useState } from 'react';
import { Button } from 'antd-mobile';
import Spinner from './Spinner';
import type { TCheckpoint } from '@mpw/contracts';
import { ApiError, getJson, isAbort } from '../api';
import { S } from '../strings';
import { icons } from './icons';

export function shortHash(h: string, n = 8): string {
  return h.length > n * 2 + 1 ? `${h.slice(0, n)}…${h.slice(-n)}` : h;
}

function fmtTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('zh-CN', { hour12: false, year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** Clipboard API where available (https), else the old textarea trick (plain http, old WebViews). */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through
  }
  try {
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    const ok = document.execCommand('copy');
    document.body.removeChild(ta);
    return ok;
  } catch {
    return false;
  }
}

type State = { kind: 'loading' } | { kind: 'none' } | { kind: 'error'; message: string } | { kind: 'ok'; cp: TCheckpoint };

/** The published head of the audit log ("今日留痕校验值") with copy and how-to-verify help. */
export default function AuditHead() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const ac = new AbortController();
    setState({ kind: 'loading' });
    getJson<TCheckpoint>('/public/audit/checkpoint/latest', undefined, ac.signal)
      .then((cp) => setState({ kind: 'ok', cp }))
      .catch((e: unknown) => {
        if (isAbort(e)) return;
        if (e instanceof ApiError && e.status === 404) setState({ kind: 'none' });
        else setState({ kind: 'error', message: e instanceof Error ? e.message : S.networkError });
      });
    return () => ac.abort();
  }, [tick]);

  // Feedback right at the button (no imperative toast: antd-mobile's needs extra set-up on React 19).
  const [copied, setCopied] = useState<{ what: string; ok: boolean } | null>(null);
  useEffect(() => {
    if (!copied) return;
    const id = setTimeout(() => setCopied(null), 2500);
    return () => clearTimeout(id);
  }, [copied]);
  async function copy(what: string, text: string) {
    setCopied({ what, ok: await copyText(text) });
  }
  const copyLabel = (what: string) => (copied?.what === what ? (copied.ok ? S.copied : S.copy) : S.copy);

  return (
    <section className="card audit-card" aria-labelledby="audit-title" data-testid="audit-head">
      <h2 id="audit-title" className="card-title">
        <span className="title-icon">{icons.shield}</span>
        {S.auditTitle}
      </h2>
      <p className="audit-intro">{S.auditIntro}</p>
      {state.kind === 'loading' && (
        <Spinner compact />
      )}
      {state.kind === 'none' && <p className="muted" data-testid="audit-none">{S.auditNone}</p>}
      {state.kind === 'error' && (
        <div>
          <p className="error-text">{state.message}</p>
          <Button size="middle" onClick={() => setTick((x) => x + 1)}>
            {S.retry}
          </Button>
        </div>
      )}
      {state.kind === 'ok' && (
        <>
          <p className="audit-line" data-testid="audit-tree-size">
            {S.auditRecords(state.cp.treeSize)}
          </p>
          <p className="audit-line">{S.auditTime(fmtTime(state.cp.timestamp))}</p>
          <div className="hash-row">
            <span className="hash-label">{S.auditHash}</span>
            <code className="hash" data-testid="audit-root-hash" title={state.cp.rootHash}>
              {shortHash(state.cp.rootHash)}
            </code>
            <Button color="primary" fill="outline" size="middle" onClick={() => void copy('hash', state.cp.rootHash)} data-testid="audit-copy" aria-live="polite">
              {copyLabel('hash')}
            </Button>
          </div>
          {copied && !copied.ok && (
            <p className="error-text" role="alert">
              {S.copyFailed}
            </p>
          )}
          {/* Native <details>: accessible, works without extra JS (antd-mobile's Collapse/Popup pull in react-spring). */}
          <details className="verify-details">
            <summary className="how-title">{S.howToVerify}</summary>
            <ol className="verify-steps">
              {S.verifySteps.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ol>
            <details className="full-details">
              <summary className="how-title">{S.showFull}</summary>
              <dl className="kv" data-testid="audit-full">
                {(
                  [
                    [S.fieldTreeSize, String(state.cp.treeSize)],
                    [S.fieldTimestamp, state.cp.timestamp],
                    [S.fieldRootHash, state.cp.rootHash],
                    [S.fieldHashAlg, state.cp.hashAlg],
                    [S.fieldSignatureAlg, state.cp.signatureAlg],
                    [S.fieldKeyId, state.cp.keyId],
                    [S.fieldPublicKey, state.cp.publicKeyHex],
                    [S.fieldSignature, state.cp.signature],
                  ] as const
                ).map(([k, v]) => (
                  <div key={k} className="kv-row">
                    <dt>{k}</dt>
                    <dd>
                      <code>{v}</code>
                    </dd>
                  </div>
                ))}
              </dl>
              <Button block size="large" onClick={() => void copy('full', JSON.stringify(state.cp, null, 2))}>
                {copyLabel('full')}
              </Button>
            </details>
          </details>
        </>
      )}
    </section>
  );
}
