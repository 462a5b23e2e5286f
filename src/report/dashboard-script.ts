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
          return numeric ? Number(cell.dataset.value) : column === 0 ? titleOf(row) : cell.textContent.trim();
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
        const link = row.cells[0].querySelector('a:not(.record-link)');
        const figure = (i) => (row.cells[i] ? row.cells[i].dataset.value : '');
        const cells = [d.id, titleOf(row), link ? link.href : '', d.type, d.year, d.doi, figure(3), figure(4), figure(5), figure(6)];
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
    const dataBlock = section.querySelector('script.record-data');
    if (!view || !dataBlock) continue;
    // Parsed when a record is first shown: 10 000 records' series need not be read to open the page.
    let data;
    let words;
    const svgNs = 'http://www.w3.org/2000/svg';
    const make = (name, text, attributes) => {
      const element = document.createElement(name);
      if (text !== undefined) element.textContent = text;
      for (const [key, value] of Object.entries(attributes || {})) element.setAttribute(key, value);
      return element;
    };
    // The rows' "details" links are in the page already, shown by the class that dashboardHeadScript sets.
    let byId;
    const rowOf = (id) => {
      byId ??= new Map(rows.map((row) => [row.dataset.id, row]));
      return byId.get(id);
    };
    const chart = (downloads) => {
      const width = 720;
      const height = 200;
      const top = 10;
      const bottom = 24;
      const max = Math.max(1, ...downloads);
      const step = width / Math.max(1, downloads.length);
      const svg = document.createElementNS(svgNs, 'svg');
      svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
      svg.setAttribute('role', 'img');
      const title = document.createElementNS(svgNs, 'title');
      title.textContent = words.perPeriod;
      svg.append(title);
      const every = Math.max(1, Math.ceil(60 / step));
      downloads.forEach((value, i) => {
        const h = (value / max) * (height - top - bottom);
        const bar = document.createElementNS(svgNs, 'rect');
        bar.setAttribute('x', String(i * step + step * 0.1));
        bar.setAttribute('y', String(height - bottom - h));
        bar.setAttribute('width', String(step * 0.8));
        bar.setAttribute('height', String(h));
        bar.setAttribute('fill', data.partial[i] ? '#b3d4e8' : '#0072B2');
        const tip = document.createElementNS(svgNs, 'title');
        tip.textContent = data.periods[i] + ': ' + number(value) + (data.partial[i] ? ' ' + words.partial : '');
        bar.append(tip);
        svg.append(bar);
        if ((downloads.length - 1 - i) % every === 0) {
          const label = document.createElementNS(svgNs, 'text');
          // The first and last labels keep inside the chart: anchored at their edge, not centred past it.
          const edge = i === 0 ? 'start' : i === downloads.length - 1 ? 'end' : 'middle';
          label.setAttribute('x', String(edge === 'start' ? 2 : edge === 'end' ? width - 2 : i * step + step / 2));
          label.setAttribute('y', String(height - 6));
          label.setAttribute('text-anchor', edge);
          label.setAttribute('font-size', '11');
          label.textContent = data.periods[i];
          svg.append(label);
        }
      });
      return svg;
    };
    const show = () => {
      const id = new URLSearchParams(location.hash.slice(1)).get('record');
      if (id === null) {
        view.hidden = true;
        return;
      }
      data ??= JSON.parse(dataBlock.textContent);
      words ??= data.labels;
      const row = id === null ? undefined : rowOf(id);
      const record = row && data.records[id];
      if (!row || !record) {
        view.hidden = true;
        return;
      }
      const cell = (i) => row.cells[i];
      const link = cell(0).querySelector('a:not(.record-link)');
      const name = titleOf(row);
      view.replaceChildren(make('p', undefined), make('h2', name));
      view.firstChild.append(make('a', words.back, { href: '#' }));
      const facts = make('p', undefined, { class: 'meta' });
      const parts = [];
      if (link) parts.push(make('a', words.recordPage, { href: link.href }));
      if (row.dataset.doi) parts.push(document.createTextNode('DOI ' + row.dataset.doi));
      for (const text of [row.dataset.type, row.dataset.year, 'id ' + id]) if (text) parts.push(document.createTextNode(text));
      parts.forEach((part, i) => facts.append(...(i > 0 ? [' · ', part] : [part])));
      view.append(facts);
      if (row.dataset.keyword) view.append(make('p', words.keywords + ': ' + row.dataset.keyword.split('\n').join(', '), { class: 'meta' }));
      const cards = make('div', undefined, { class: 'cards' });
      const card = (value, label, detail) => {
        const box = make('div', undefined, { class: 'card' });
        box.append(make('div', value, { class: 'value' }), make('div', label, { class: 'label' }));
        if (detail) box.append(make('div', detail, { class: 'detail' }));
        cards.append(box);
      };
      card(cell(3).textContent, words.downloads, words.rank.replace('{rank}', number(Number(row.dataset.rank))).replace('{total}', number(rows.length)));
      card(cell(4).textContent, words.uniqueDownloads);
      card(cell(5).textContent, words.views);
      view.append(cards, make('h3', words.perPeriod), chart(record.d));
      const table = make('table', undefined, { class: 'record-periods' });
      const head = make('tr');
      for (const text of [words.period, cell(3).closest('table').tHead.rows[0].cells[3].textContent, cell(5).closest('table').tHead.rows[0].cells[5].textContent]) head.append(make('th', text, { scope: 'col' }));
      table.append(make('thead'), make('tbody'));
      table.tHead.append(head);
      data.periods.forEach((label, i) => {
        const tr = make('tr');
        tr.append(make('td', label + (data.partial[i] ? ' ' + words.partial : '')), make('td', number(record.d[i]), { class: 'num' }), make('td', number(record.v[i]), { class: 'num' }));
        table.tBodies[0].append(tr);
      });
      const wrap = make('div', undefined, { class: 'table-wrap' });
      wrap.append(table);
      view.append(wrap);
      if (record.o.length > 0) {
        view.append(make('h3', words.versions));
        const list = make('ul');
        for (const [other, title] of record.o) {
          const item = make('li');
          item.append(rowOf(other) ? make('a', title || other, { href: '#record=' + encodeURIComponent(other) }) : document.createTextNode((title || other) + ' (' + other + ')'));
          list.append(item);
        }
        view.append(list);
      }
      view.hidden = false;
      view.scrollIntoView();
    };
    window.addEventListener('hashchange', show);
    show();
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
