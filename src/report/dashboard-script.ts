import { createHash } from 'node:crypto';

/**
 * The report's only script, inlined (issue 15: no request leaves the file, and it works from `file://`). It
 * enhances what the page already shows — without it every record is still in the table — by a search box,
 * filters, sortable columns, a count and "download this view as CSV", on every `[data-records]` section (one per
 * collection). Plain ES2020, no dependencies. The page's Content-Security-Policy allows exactly this script, by
 * its hash ({@link dashboardScriptHash}).
 */
export const dashboardScript = String.raw`(() => {
  'use strict';
  const formulaStart = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
  const csvCell = (value) => {
    let text = String(value);
    // Spreadsheets run a cell that starts like a formula: such text gets a leading ' (as our own CSVs do).
    if (formulaStart.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  };
  for (const section of document.querySelectorAll('[data-records]')) {
    const table = section.querySelector('table');
    const controls = section.querySelector('.record-controls');
    if (!table || !controls) continue;
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    const search = controls.querySelector('input[type="search"]');
    const selects = Array.from(controls.querySelectorAll('select'));
    const count = controls.querySelector('.record-count');
    const lang = document.documentElement.lang || 'en';
    const number = (n) => n.toLocaleString(lang === 'de' ? 'de-DE' : 'en-US');
    controls.hidden = false;

    const apply = () => {
      const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      for (const row of rows) {
        const haystack = row.dataset.search || '';
        let keep = words.every((w) => haystack.includes(w));
        for (const select of selects) {
          if (keep && select.value !== '') keep = (row.dataset[select.name] || '').split('\n').includes(select.value);
        }
        row.hidden = !keep;
        if (keep) shown += 1;
      }
      count.textContent = count.dataset.format.replace('{shown}', number(shown)).replace('{total}', number(rows.length));
    };
    search.addEventListener('input', apply);
    for (const select of selects) select.addEventListener('change', apply);

    const headers = Array.from(table.tHead.rows[0].cells);
    headers.forEach((th, column) => {
      const button = th.querySelector('button');
      if (!button) return;
      button.addEventListener('click', () => {
        const numeric = th.classList.contains('num');
        // A first click sorts text A→Z and numbers largest first; a second click reverses.
        const first = numeric ? 'descending' : 'ascending';
        const order = th.getAttribute('aria-sort') === first ? (first === 'ascending' ? 'descending' : 'ascending') : first;
        for (const other of headers) if (other !== th) other.setAttribute('aria-sort', 'none');
        th.setAttribute('aria-sort', order);
        const sign = order === 'ascending' ? 1 : -1;
        const key = (row) => {
          const cell = row.cells[column];
          return numeric ? Number(cell.dataset.value) : cell.textContent.trim();
        };
        const sorted = rows
          .map((row, index) => ({ row, index, key: key(row) }))
          .sort((a, b) => {
            const by = numeric ? a.key - b.key : a.key.localeCompare(b.key, lang);
            return sign * by || a.index - b.index;
          });
        for (const { row } of sorted) body.appendChild(row);
      });
    });

    const download = controls.querySelector('.record-csv');
    download.addEventListener('click', () => {
      const names = ['id', 'title', 'url', 'type', 'year', 'doi', 'downloads', 'unique_downloads', 'views', 'gain'];
      const lines = [names.join(',')];
      for (const row of body.rows) {
        if (row.hidden) continue;
        const d = row.dataset;
        const link = row.cells[0].querySelector('a');
        const figure = (i) => (row.cells[i] ? row.cells[i].dataset.value : '');
        const cells = [d.id, row.cells[0].textContent.trim(), link ? link.href : '', d.type, d.year, d.doi, figure(3), figure(4), figure(5), figure(6)];
        lines.push(cells.map((v) => csvCell(v || '')).join(','));
      }
      const url = URL.createObjectURL(new Blob([lines.join('\r\n') + '\r\n'], { type: 'text/csv' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = download.dataset.file;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 0);
    });
    apply();
  }
})();`;

/** The script's hash as the Content-Security-Policy names it (`'sha256-…'`). */
export const dashboardScriptHash = `'sha256-${createHash('sha256').update(dashboardScript).digest('base64')}'`;
