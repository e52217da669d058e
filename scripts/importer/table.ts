/** Plain-text tables for the terminal: fixed-width columns, long cells cut with an ellipsis. */

export interface Column {
  header: string;
  /** Longest cell shown, in characters; longer text is cut. */
  max?: number;
  align?: 'left' | 'right';
}

/** Width in code points: accented letters count one (wide CJK or emoji cells would be off, and job data rarely has them). */
const width = (text: string): number => [...text].length;

function cut(text: string, max: number | undefined): string {
  // One line per row: a newline inside a cell (descriptions, error messages) would break the grid.
  const flat = text.replace(/\s+/g, ' ').trim();
  if (max === undefined || width(flat) <= max) return flat;
  return `${[...flat].slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** The table as lines: header, a rule, then one line per row; trailing spaces trimmed. */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const cells = rows.map((row) => columns.map((column, i) => cut(row[i] ?? '', column.max)));
  const widths = columns.map((column, i) => Math.max(width(column.header), ...cells.map((row) => width(row[i] ?? ''))));
  const line = (values: readonly string[]): string =>
    values
      .map((value, i) => {
        const pad = ' '.repeat((widths[i] ?? 0) - width(value));
        return columns[i]?.align === 'right' ? pad + value : value + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
