/** The disclosure editor's form values ↔ the content the server stores (unit-tested in disclosure.test.ts). */
import type { TDisclosureContent } from '@mpw/contracts';
import { yuanToFen } from './format';

export interface SectionValues {
  heading: string;
  mode: 'text' | 'table';
  text?: string;
  /** A table as text: first line the column heads, one row a line, cells split by `|`. */
  table?: string;
}

export interface EditorValues {
  summary: string;
  sections: SectionValues[];
  incomeYuan?: number | null;
  expenseYuan?: number | null;
}

const splitCells = (line: string) => line.split('|').map((c) => c.trim());

export function textToTable(text: string): { columns: string[]; rows: string[][] } {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const [head, ...rest] = lines;
  const columns = head ? splitCells(head) : [];
  // Short rows are padded and long rows cut so every row has as many cells as there are columns.
  const rows = rest.map((l) => {
    const cells = splitCells(l);
    return columns.map((_, i) => cells[i] ?? '');
  });
  return { columns, rows };
}

export function tableToText(t: { columns: string[]; rows: string[][] }): string {
  return [t.columns, ...t.rows].map((r) => r.join(' | ')).join('\n');
}

export function contentFromEditor(v: EditorValues, withFinanceTotals: boolean): TDisclosureContent {
  const content: TDisclosureContent = {
    summary: v.summary.trim(),
    sections: (v.sections ?? []).map((s) =>
      s.mode === 'table' ? { heading: s.heading.trim(), table: textToTable(s.table ?? '') } : { heading: s.heading.trim(), text: (s.text ?? '').trim() },
    ),
  };
  if (withFinanceTotals) {
    content.totals = {
      ...(v.incomeYuan !== null && v.incomeYuan !== undefined ? { incomeFen: yuanToFen(v.incomeYuan) } : {}),
      ...(v.expenseYuan !== null && v.expenseYuan !== undefined ? { expenseFen: yuanToFen(v.expenseYuan) } : {}),
    };
  }
  return content;
}

export function editorFromContent(c: TDisclosureContent | null | undefined): EditorValues {
  if (!c) return { summary: '', sections: [] };
  const num = (k: string) => (typeof c.totals?.[k] === 'number' ? (c.totals[k] as number) / 100 : null);
  return {
    summary: c.summary,
    sections: c.sections.map((s) => (s.table ? { heading: s.heading, mode: 'table', table: tableToText(s.table) } : { heading: s.heading, mode: 'text', text: s.text ?? '' })),
    incomeYuan: num('incomeFen'),
    expenseYuan: num('expenseFen'),
  };
}

/** Turns a server field path (`content.sections.2.table.rows.1`) into the editor's field. */
export function editorFieldOf(path: string): (string | number)[] {
  const m = /^content\.sections\.(\d+)\.(heading|text|table)/.exec(path);
  if (m) return ['sections', Number(m[1]), m[2] === 'heading' ? 'heading' : m[2] === 'text' ? 'text' : 'table'];
  if (path === 'content.summary') return ['summary'];
  if (path === 'content.totals.incomeFen') return ['incomeYuan'];
  if (path === 'content.totals.expenseFen') return ['expenseYuan'];
  return path.split('.');
}
