import { createHash } from 'node:crypto';
import { dashboardChartsScript } from './dashboard-charts-script.js';
import { periodScript } from './period-script.js';

/**
 * The report's only script, inlined (issue 15: no request leaves the file, and it works from `file://`). It
 * enhances what the page already shows — without it every record is still in the table — by a search box,
 * filters, sortable columns, a count and "download this view as CSV", on every `[data-records]` section (one per
 * collection). Plain ES2020, no dependencies. The page's Content-Security-Policy allows exactly this script, by
 * its hash ({@link dashboardScriptHash}).
 */
export const dashboardScript = String.raw`(() => {
  'use strict';
` + dashboardChartsScript + periodScript + String.raw`
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
    // The page's language and number format, as the charts use them (dashboard-charts-script.ts).
    const number = formatNumber;
    controls.hidden = false;
    /** A row's title: its link's text, or the cell's own text (the "details" link is not part of it). */
    const titleOf = (row) => {
      const link = row.cells[0].querySelector('a:not(.record-link)');
      return (link ? link.textContent : row.cells[0].firstChild.textContent).trim();
    };

    // Read off the rows once, on the first search: a page of 10 000 records must not pay for it on load.
    let haystacks;
    const apply = () => {
      const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      const filters = selects.filter((select) => select.value !== '');
      let shown = 0;
      if (words.length > 0 || filters.length > 0 || haystacks) {
        // What a search looks in: the id, title, DOI, keywords and creators.
        haystacks ??= rows.map((row) => [row.dataset.id, titleOf(row), row.dataset.doi, row.dataset.keyword, row.dataset.creators].join(' ').toLowerCase());
        rows.forEach((row, i) => {
          let keep = words.every((w) => haystacks[i].includes(w));
          for (const select of filters) if (keep) keep = (row.dataset[select.name] || '').split('\n').includes(select.value);
          // Only what changes is touched: each change costs the browser a style update.
          if (row.hidden === keep) row.hidden = !keep;
          if (keep) shown += 1;
        });
      } else shown = rows.length;
      count.textContent = count.dataset.format.replace('{shown}', number(shown)).replace('{total}', number(rows.length));
    };
    // The view lives in the URL hash (#q=…&type=…&year=…&keyword=…&record=…), so a link opens the same view.
    const hashParams = () => new URLSearchParams(location.hash.slice(1));
    const fromHash = () => {
      const params = hashParams();
      search.value = params.get('q') || '';
      for (const select of selects) {
        const wanted = params.get(select.name) || '';
        select.value = Array.from(select.options).some((o) => o.value === wanted) ? wanted : '';
      }
    };
    const toHash = () => {
      const params = hashParams();
      const set = (key, value) => (value ? params.set(key, value) : params.delete(key));
      set('q', search.value.trim());
      for (const select of selects) set(select.name, select.value);
      const hash = params.toString();
      history.replaceState(null, '', hash ? '#' + hash : location.pathname + location.search);
    };
    const changed = () => {
      apply();
      toHash();
    };
    search.addEventListener('input', changed);
    for (const select of selects) select.addEventListener('change', changed);
    window.addEventListener('hashchange', () => {
      fromHash();
      apply();
    });
    fromHash();

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
          if (numeric) return cell.dataset.value === undefined ? null : Number(cell.dataset.value);
          return column === 0 ? titleOf(row) : cell.textContent.trim();
        };
        const sorted = rows
          .map((row, index) => ({ row, index, key: key(row) }))
          .sort((a, b) => {
            // A figure not known (an estimate without a size) comes last in either order.
            if (a.key === null || b.key === null) return (a.key === null) - (b.key === null) || a.index - b.index;
            const by = numeric ? a.key - b.key : a.key.localeCompare(b.key, lang);
            return sign * by || a.index - b.index;
          });
        for (const { row } of sorted) body.appendChild(row);
      });
    });

    const download = controls.querySelector('.record-csv');
    download.addEventListener('click', () => {
      const names = ['id', 'title', 'url', 'type', 'year', 'doi', 'downloads', 'unique_downloads', 'views', 'gain', 'est_full_downloads'];
      // The gain and the estimate are there only when known (a single snapshot, no file sizes): found by their mark.
      const columnOf = (mark) => headers.findIndex((th) => th.hasAttribute(mark));
      const gainAt = columnOf('data-gain');
      const estAt = columnOf('data-est');
      const lines = [names.join(',')];
      for (const row of body.rows) {
        if (row.hidden) continue;
        const d = row.dataset;
        const link = row.cells[0].querySelector('a:not(.record-link)');
        const figure = (i) => (i >= 0 && row.cells[i] ? row.cells[i].dataset.value : '');
        const cells = [d.id, titleOf(row), link ? link.href : '', d.type, d.year, d.doi, figure(3), figure(4), figure(5), figure(gainAt), figure(estAt)];
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

    // A record's own view at #record=<id> (issue 15, point 2): built from its row and the data block, with DOM
    // calls only (no HTML from the data), so a title is always text.
    const view = document.getElementById(section.dataset.view);
    const prefix = section.dataset.prefix || '';
    if (!view || !document.getElementById(prefix + 'dashboard-data')) continue;
    let words;
        // The rows' "details" links are in the page already, shown by the class that dashboardHeadScript sets.
    let byId;
    const rowOf = (id) => {
      byId ??= new Map(rows.map((row) => [row.dataset.id, row]));
      return byId.get(id);
    };
    const show = (scroll) => {
      const id = new URLSearchParams(location.hash.slice(1)).get('record');
      if (id === null) {
        view.hidden = true;
        return;
      }
      const entry = dashboardView.dataOf(prefix);
      words ??= entry.data.labels.recordView;
      const row = rowOf(id);
      const record = entry.data.records[id];
      // Its downloads and views in each period of the view (kind and range) the hash asks for.
      const figures = row && record ? dashboardView.series(prefix, id) : null;
      if (!row || !record || !figures) {
        view.hidden = true;
        return;
      }
      const cell = (i) => row.cells[i];
      const link = cell(0).querySelector('a:not(.record-link)');
      const name = titleOf(row);
      view.replaceChildren(el('p', undefined), el('h2', name));
      view.firstChild.append(el('a', words.back, { href: '#' }));
      const facts = el('p', undefined, { class: 'meta' });
      const parts = [];
      if (link) parts.push(el('a', words.recordPage, { href: link.href }));
      if (row.dataset.doi) parts.push(document.createTextNode('DOI ' + row.dataset.doi));
      for (const text of [row.dataset.type, row.dataset.year, 'id ' + id]) if (text) parts.push(document.createTextNode(text));
      parts.forEach((part, i) => facts.append(...(i > 0 ? [' · ', part] : [part])));
      view.append(facts);
      if (row.dataset.keyword) view.append(el('p', words.keywords + ': ' + row.dataset.keyword.split('\n').join(', '), { class: 'meta' }));
      const cards = el('div', undefined, { class: 'cards' });
      const card = (value, label, detail) => {
        const box = el('div', undefined, { class: 'card' });
        box.append(el('div', value, { class: 'value' }), el('div', label, { class: 'label' }));
        if (detail) box.append(el('div', detail, { class: 'detail' }));
        cards.append(box);
      };
      card(cell(3).textContent, words.downloads, words.rank.replace('{rank}', number(Number(row.dataset.rank))).replace('{total}', number(rows.length)));
      card(cell(4).textContent, words.uniqueDownloads);
      card(cell(5).textContent, words.views);
      // The estimate of full downloads, where the table has it for this record (its header names it).
      const estHeader = row.closest('table').querySelector('thead th[data-est]');
      const est = estHeader ? row.cells[estHeader.cellIndex] : null;
      if (est && est.dataset.value !== undefined) card(est.textContent, estHeader.textContent);
      const perPeriod = entry.data.labels.perPeriod[dashboardView.state(entry.data.period).kind];
      const svg = columnChart(perPeriod, figures.rows.map((p, i) => ({ label: p.label, value: figures.downloads[i], partial: p.partial, flagged: false })), words.partial);
      view.append(cards, el('h3', perPeriod), svg);
      const table = el('table', undefined, { class: 'record-periods' });
      const head = el('tr');
      for (const text of [words.period, cell(3).closest('table').tHead.rows[0].cells[3].textContent, cell(5).closest('table').tHead.rows[0].cells[5].textContent]) head.append(el('th', text, { scope: 'col' }));
      table.append(el('thead'), el('tbody'));
      table.tHead.append(head);
      figures.rows.forEach((p, i) => {
        const tr = el('tr');
        tr.append(el('td', p.label + (p.partial ? ' ' + words.partial : '')), el('td', number(figures.downloads[i]), { class: 'num' }), el('td', number(figures.views[i]), { class: 'num' }));
        table.tBodies[0].append(tr);
      });
      const wrap = el('div', undefined, { class: 'table-wrap' });
      wrap.append(table);
      view.append(wrap);
      if (record.a && record.a.length > 0) {
        view.append(el('h3', entry.data.labels.anomaliesHeading));
        const list = el('ul', undefined, { class: 'record-anomalies' });
        for (const line of record.a) list.append(el('li', line));
        view.append(list);
      }
      if (record.o.length > 0) {
        view.append(el('h3', words.versions));
        const list = el('ul');
        for (const [other, title] of record.o) {
          const item = el('li');
          item.append(rowOf(other) ? el('a', title || other, { href: '#record=' + encodeURIComponent(other) }) : document.createTextNode((title || other) + ' (' + other + ')'));
          list.append(item);
        }
        view.append(list);
      }
      view.hidden = false;
      if (scroll) view.scrollIntoView();
    };
    window.addEventListener('hashchange', () => show(true));
    // A switch of period or range (period-script.ts) redraws the record shown, where it is.
    window.addEventListener('dashboard-view', () => show(false));
    show(true);
  }
})();`;

/**
 * Run in `<head>`, before the page is laid out: marks it as enhanced, which shows each row's "details" link (a
 * record's own view needs the script). Set later, the class would lay out a table of 10 000 rows a second time.
 */
export const dashboardHeadScript = "document.documentElement.classList.add('dashboard');";

const hash = (script: string) => `'sha256-${createHash('sha256').update(script).digest('base64')}'`;

/** The scripts' hashes as the Content-Security-Policy names them (`'sha256-…' 'sha256-…'`). */
export const dashboardScriptHash = `${hash(dashboardHeadScript)} ${hash(dashboardScript)}`;
