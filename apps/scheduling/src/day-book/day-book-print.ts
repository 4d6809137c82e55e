import type { DayBook } from './day-book.query.js';

const COLUMNS = ['Start', 'End', 'Patient', 'MRN', 'Date of birth', 'Therapy', 'Chair', 'Nurse', 'Status', 'Flags'] as const;

function cells(book: DayBook): string[][] {
  return book.entries.map((e) => [
    e.localStart,
    e.localEnd,
    `${e.patient.familyName}, ${e.patient.givenName}`,
    e.patient.mrn,
    e.patient.dateOfBirth,
    e.therapyCode,
    e.chairLabel,
    e.nurseName,
    e.status,
    e.flags.join(' '),
  ]);
}

/**
 * RFC 4180 CSV. A cell that a spreadsheet would read as a formula (=, +, -, @, tab, CR) starts
 * with an apostrophe, so a name can never run as one.
 */
export function dayBookCsv(book: DayBook): string {
  const cell = (value: string) => {
    const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [COLUMNS as readonly string[], ...cells(book)].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A page to print: one table, every value escaped, no script. */
export function dayBookHtml(book: DayBook): string {
  const title = `${book.locationName}: ${book.date}`;
  const head = COLUMNS.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = cells(book)
    .map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body{font:11pt system-ui,sans-serif;margin:1.5em}table{border-collapse:collapse;width:100%}
th,td{border:1px solid #999;padding:.25em .5em;text-align:left;vertical-align:top}th{background:#eee}
@media print{body{margin:0}tr{page-break-inside:avoid}thead{display:table-header-group}}
</style></head>
<body><h1>${escapeHtml(title)}</h1><p>Times in ${escapeHtml(book.timeZone)}. ${book.entries.length} appointments.</p>
<table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></body></html>
`;
}
