/** Small pieces shared by the reporting pages: a labelled field with its error, choice buttons, a file picker, the village chooser. */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { TPublicVillage } from '@mpw/contracts';
import { getJson, isAbort } from '../../api';
import { R } from './text';

/** The id of a field's own input (`Field` points its label at it). */
export const inputId = (name: string) => `in-${name}`;

/**
 * A field: its label (a `<label>` for a single input, `input` naming it; a plain caption for a group of
 * buttons), a hint, the control, and the message about it (from the form's checks or the server's `details`).
 */
export function Field({ name, label, hint, error, input, children }: { name: string; label: string; hint?: string; error?: string; input?: boolean; children: ReactNode }) {
  return (
    <div className={`field${error ? ' has-error' : ''}`} id={`f-${name}`}>
      {input ? (
        <label className="field-label" htmlFor={inputId(name)}>
          {label}
        </label>
      ) : (
        <span className="field-label">{label}</span>
      )}
      {hint && <span className="field-hint">{hint}</span>}
      {children}
      {error && (
        <p className="field-error" role="alert" data-testid={`error-${name}`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** Big buttons for a single choice (radio semantics). */
export function Choices<T extends string>({ name, options, value, onChange, label }: { name: string; options: readonly (readonly [T, string])[]; value: T | ''; onChange: (v: T) => void; label: string }) {
  return (
    <div className="choices" role="radiogroup" aria-label={label} data-testid={`choices-${name}`}>
      {options.map(([k, text]) => (
        <button
          key={k}
          type="button"
          role="radio"
          aria-checked={value === k}
          className={`choice${value === k ? ' choice-on' : ''}`}
          onClick={() => onChange(k)}
          data-testid={`${name}-${k}`}
        >
          {text}
        </button>
      ))}
    </div>
  );
}

export const FILE_ACCEPT = 'image/*,application/pdf,audio/*';

/** A big "select file" button and the chosen files with 去掉. */
export function FilePicker({ files, onChange, label, testId }: { files: File[]; onChange: (f: File[]) => void; label: string; testId: string }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  return (
    <div>
      <label htmlFor={id} className="file-button" data-testid={`${testId}-button`}>
        {label}
      </label>
      <input
        ref={input}
        id={id}
        className="visually-hidden"
        type="file"
        multiple
        accept={FILE_ACCEPT}
        data-testid={`${testId}-input`}
        onChange={(e) => {
          const picked = Array.from(e.target.files ?? []);
          if (picked.length) onChange([...files, ...picked].slice(0, 10));
          if (input.current) input.current.value = '';
        }}
      />
      {files.length > 0 && (
        <ul className="file-list">
          {files.map((f, i) => (
            <li key={`${f.name}-${i}`} data-testid={`${testId}-file`}>
              <span className="file-name">{f.name}</span>
              <span className="muted small">{R.sizeKb(f.size)}</span>
              <button type="button" className="link-button" onClick={() => onChange(files.filter((_, j) => j !== i))}>
                {R.fileRemove}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export interface VillageChoice {
  code: string;
  name: string;
  townshipName: string;
}

/** The chosen village with 换一个村, or a search box and the matching villages to tap. */
export function VillageChooser({ value, onChange }: { value: VillageChoice | null; onChange: (v: VillageChoice | null) => void }) {
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  const [list, setList] = useState<{ loading: boolean; data: TPublicVillage[]; error: string }>({ loading: true, data: [], error: '' });
  useEffect(() => {
    const t = setTimeout(() => setDebounced(q.trim()), 300);
    return () => clearTimeout(t);
  }, [q]);
  useEffect(() => {
    if (value) return;
    const ac = new AbortController();
    setList((s) => ({ ...s, loading: true, error: '' }));
    getJson<{ data: TPublicVillage[] }>('/public/villages', { q: debounced || undefined }, ac.signal)
      .then((r) => setList({ loading: false, data: r.data ?? [], error: '' }))
      .catch((e: unknown) => {
        if (!isAbort(e)) setList({ loading: false, data: [], error: e instanceof Error ? e.message : '' });
      });
    return () => ac.abort();
  }, [debounced, value]);

  if (value) {
    return (
      <div className="chosen" data-testid="village-chosen">
        <div>
          <div className="chosen-name">{value.name}</div>
          <div className="muted small">{value.townshipName}</div>
        </div>
        <button type="button" className="small-button" onClick={() => onChange(null)} data-testid="village-change">
          {R.villageChange}
        </button>
      </div>
    );
  }
  return (
    <div className="village-chooser">
      <input className="field-input" type="search" placeholder={R.villageSearch} value={q} onChange={(e) => setQ(e.target.value)} aria-label={R.villageSearch} data-testid="report-village-search" />
      {list.error ? (
        <p className="error-text">{list.error}</p>
      ) : !list.loading && list.data.length === 0 ? (
        <p className="muted">{R.villageNone}</p>
      ) : (
        <ul className="village-options" aria-busy={list.loading}>
          {list.data.slice(0, 30).map((v) => (
            <li key={v.code}>
              <button type="button" className="village-option" onClick={() => onChange({ code: v.code, name: v.name, townshipName: v.townshipName })} data-testid="report-village-option" data-code={v.code}>
                <span className="chosen-name">{v.name}</span>
                <span className="muted small">{v.townshipName}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
