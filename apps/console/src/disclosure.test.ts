import { describe, expect, it } from 'vitest';
import { contentFromEditor, editorFieldOf, editorFromContent, tableToText, textToTable } from './disclosure';

describe('disclosure editor', () => {
  it('reads a table typed as text, padding short rows', () => {
    expect(textToTable('姓名 | 金额\n张三 | 100\n李四\n\n')).toEqual({ columns: ['姓名', '金额'], rows: [['张三', '100'], ['李四', '']] });
    expect(tableToText({ columns: ['a', 'b'], rows: [['1', '2']] })).toBe('a | b\n1 | 2');
  });
  it('round-trips content and converts yuan totals to fen', () => {
    const c = contentFromEditor(
      { summary: ' 本月收支 ', sections: [{ heading: '说明', mode: 'text', text: '正文' }, { heading: '明细', mode: 'table', table: 'x | y\n1 | 2' }], incomeYuan: 12.34, expenseYuan: 0.1 },
      true,
    );
    expect(c).toEqual({
      summary: '本月收支',
      sections: [
        { heading: '说明', text: '正文' },
        { heading: '明细', table: { columns: ['x', 'y'], rows: [['1', '2']] } },
      ],
      totals: { incomeFen: 1234, expenseFen: 10 },
    });
    const back = editorFromContent(c);
    expect(back.incomeYuan).toBe(12.34);
    expect(back.sections[1]).toEqual({ heading: '明细', mode: 'table', table: 'x | y\n1 | 2' });
    expect(contentFromEditor(back, true)).toEqual(c);
  });
  it('maps server field paths onto the editor', () => {
    expect(editorFieldOf('content.sections.2.table.rows.1')).toEqual(['sections', 2, 'table']);
    expect(editorFieldOf('content.totals.incomeFen')).toEqual(['incomeYuan']);
    expect(editorFieldOf('title')).toEqual(['title']);
  });
});
