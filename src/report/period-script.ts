import { observationDigits } from './period-views.js';

/**
 * The dashboard's period and range (issue 15, point 3), as a part of the page's one script (`dashboard-script.ts`
 * wraps it): a choice of week, month, quarter or year and a date range, kept in the URL hash
 * (`#period=…&from=…&to=…`), and every figure that depends on them redrawn from the collection's data block.
 *
 * Charts are drawn in the page (`dashboard-charts-script.ts`, issue 15, point 7): the static charts the report
 * renders stay for the page without JavaScript and for print, and a view that is not the report's own (another
 * period kind, a range) is drawn from the data the page carries. Inlining Observable Plot's browser bundle
 * instead would add 209 KB (plot.umd.min.js) plus d3 to every report for three simple chart forms, and
 * pre-rendering every kind × range is not possible (a range is any two days).
 *
 * A record's downloads per period are spread from its observations exactly as `src/history/top-gains.ts` does
 * (the same floating-point operations in the same order), so the page's figures are those of `top --period`;
 * the collection's rows come from `periodHistory`, so they are those of `history --period`.
 *
 * It defines `dashboardView` (the state and the series), used by the record view in the rest of the script.
 */
export const periodScript = String.raw`
  const digits = ${JSON.stringify(observationDigits)};
  const digitValue = new Map(Array.from(digits, (c, i) => [c, i]));
  /** A unit's counter at each snapshot: its rise since the last good figure, NaN where none (period-views.ts). */
  const decode = (text, n) => {
    const out = new Float64Array(n).fill(NaN);
    let i = 0;
    let k = 0;
    const number = () => {
      let value = 0;
      let scale = 1;
      let d;
      do {
        d = digitValue.get(text[i]);
        i += 1;
        if (d === undefined) return value;
        value += (d % 32) * scale;
        scale *= 32;
      } while (d >= 32);
      return value;
    };
    while (i < text.length && k < n) {
      const c = text[i];
      if (c === '.') {
        k += 1;
        i += 1;
      } else if (c === '~') {
        i += 1;
        k += number();
      } else {
        out[k] = number();
        k += 1;
      }
    }
    return out;
  };
  const firstEndingAfter = (ends, time) => {
    let low = 0;
    let high = ends.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (ends[mid] <= time) low = mid + 1;
      else high = mid;
    }
    return low;
  };
  /** Each stretch between two good figures spread over the periods in proportion to time, as top-gains.ts does. */
  const spread = (rises, times, starts, ends) => {
    const n = starts.length;
    const sums = new Float64Array(n);
    let from = -1;
    for (let k = 0; k < rises.length; k += 1) {
      const x = rises[k];
      if (x !== x) continue;
      if (from >= 0) {
        const start = times[from];
        const t = times[k];
        if (t > start) {
          for (let p = firstEndingAfter(ends, start); p < n && starts[p] < t; p += 1) {
            const overlap = Math.min(t, ends[p]) - Math.max(start, starts[p]);
            if (overlap > 0) sums[p] = sums[p] + x * (overlap / (t - start));
          }
        }
      }
      from = k;
    }
    return Array.from(sums, (v) => Math.round(v));
  };
  const dayMs = 86400000;
  const isDay = (text) => /^\d{4}-\d{2}-\d{2}$/.test(text || '');

  /** The state and the series of one collection's dashboard, read from its data block when first needed. */
  const dashboardView = (() => {
    const cache = new Map();
    const dataOf = (prefix) => {
      if (!cache.has(prefix)) {
        const block = document.getElementById(prefix + 'dashboard-data');
        cache.set(prefix, block ? { data: JSON.parse(block.textContent), decoded: new Map() } : null);
      }
      return cache.get(prefix);
    };
    /** What the hash asks for: a period kind the data has, and a range of valid days (empty: all). */
    const state = (defaultKind) => {
      const params = new URLSearchParams(location.hash.slice(1));
      const asked = params.get('period');
      const kind = ['week', 'month', 'quarter', 'year'].includes(asked) ? asked : defaultKind;
      const from = isDay(params.get('from')) ? params.get('from') : '';
      const to = isDay(params.get('to')) ? params.get('to') : '';
      return { kind, from, to, own: kind === defaultKind && !from && !to };
    };
    /** The periods shown: those ending on or after the range's first day and starting on or before its last (as history --from/--to). */
    const periods = (data, view) => data.kinds[view.kind].filter((row) => (!view.from || row.end >= view.from) && (!view.to || row.start <= view.to));
    const bounds = (rows) => ({
      starts: rows.map((row) => Date.parse(row.start + 'T00:00:00Z')),
      ends: rows.map((row) => Date.parse(row.end + 'T00:00:00Z') + dayMs),
    });
    const rises = (entry, id) => {
      let pair = entry.decoded.get(id);
      const record = entry.data.records[id];
      if (!pair && record) {
        const n = entry.data.times.length;
        pair = [decode(record.d, n), decode(record.v, n)];
        entry.decoded.set(id, pair);
      }
      return pair;
    };
    /** A record's downloads and views in each of the periods shown. */
    const series = (prefix, id) => {
      const entry = dataOf(prefix);
      if (!entry) return null;
      const view = state(entry.data.period);
      const rows = periods(entry.data, view);
      const pair = rises(entry, id);
      if (!pair) return null;
      const { starts, ends } = bounds(rows);
      return { rows, downloads: spread(pair[0], entry.data.times, starts, ends), views: spread(pair[1], entry.data.times, starts, ends) };
    };
    return { dataOf, state, periods, bounds, rises, series };
  })();

  /** Redraws one collection's period-dependent parts for the view in the hash. */
  const redraw = (controls) => {
    const prefix = controls.dataset.prefix || '';
    const entry = dashboardView.dataOf(prefix);
    if (!entry) return;
    const data = entry.data;
    const words = data.labels;
    const view = dashboardView.state(data.period);
    const kindSelect = controls.querySelector('select[name="period"]');
    const fromInput = controls.querySelector('input[name="from"]');
    const toInput = controls.querySelector('input[name="to"]');
    kindSelect.value = view.kind;
    fromInput.value = view.from;
    toInput.value = view.to;
    const statics = Array.from(document.querySelectorAll('[data-period-prefix="' + prefix + '"] .period-static'));
    const lives = Array.from(document.querySelectorAll('[data-period-prefix="' + prefix + '"] .period-live'));
    if (view.own && !controls.dataset.changed) return;
    controls.dataset.changed = '1';
    for (const s of statics) s.hidden = !view.own;
    for (const l of lives) l.hidden = view.own;
    const rows = dashboardView.periods(data, view);
    const full = rows.filter((row) => !row.partial);
    const last = full[full.length - 1] || rows[rows.length - 1] || null;

    // The headline's cards of the last full period, and the records card's new records in it.
    for (const card of document.querySelectorAll('#' + CSS.escape(prefix + 'headline') + ' [data-period-card]')) {
      const key = card.dataset.periodCard;
      const value = card.querySelector('.value');
      const label = card.querySelector('.label');
      const detail = card.querySelector('.detail');
      if (!last) {
        // No period in the range: no figure of another range stays on show under this one.
        if (key !== 'new') {
          value.textContent = '–';
          label.textContent = words[key];
        }
        if (detail) detail.textContent = words.noPeriods;
        continue;
      }
      if (key === 'new') {
        if (detail) detail.textContent = '+' + formatNumber(last.newRecords) + ' ' + words.newRecords + ' ' + words.inPeriod.replace('{label}', last.label);
        continue;
      }
      value.textContent = formatNumber(last[key]);
      label.textContent = words[key] + ' ' + words.inPeriod.replace('{label}', last.label);
      if (detail) detail.textContent = key === 'downloads' ? last.changeDownloads : last.changeViews;
    }

    // Every record's downloads in the last full period shown: the table's gain column and the top list.
    const ids = Object.keys(data.records);
    const gains = new Map();
    if (last) {
      const { starts, ends } = dashboardView.bounds([last]);
      for (const id of ids) {
        const pair = dashboardView.rises(entry, id);
        gains.set(id, { downloads: spread(pair[0], data.times, starts, ends)[0], views: spread(pair[1], data.times, starts, ends)[0] });
      }
    }
    const records = document.getElementById(prefix + 'records');
    const gainHeader = records && records.querySelector('th[data-gain] button');
    if (gainHeader) {
      // With no period in the range there is no gain to show: blank cells, sorted last as a missing estimate is.
      gainHeader.textContent = words.gainIn.replace('{label}', last ? last.label : '–');
      const gainAt = gainHeader.closest('th').cellIndex;
      for (const tr of records.querySelectorAll('table.records tbody tr')) {
        const cell = tr.cells[gainAt];
        if (!cell) continue;
        const gain = gains.get(tr.dataset.id);
        if (gain) {
          cell.dataset.value = String(gain.downloads);
          cell.textContent = formatNumber(gain.downloads);
        } else {
          delete cell.dataset.value;
          cell.textContent = '';
        }
      }
    }
    const topLive = document.getElementById(prefix + 'top-live');
    if (topLive && !last) topLive.replaceChildren(el('p', words.noPeriods, { class: 'note' }));
    else if (topLive) {
      const titleOf = (id) => {
        const tr = records && records.querySelector('tr[data-id="' + CSS.escape(id) + '"]');
        const link = tr && tr.cells[0].querySelector('a:not(.record-link)');
        return tr ? (link ? link.textContent : tr.cells[0].firstChild.textContent).trim() : id;
      };
      const top = ids
        .map((id) => ({ id, ...gains.get(id) }))
        .filter((g) => g.downloads > 0)
        .sort((a, b) => b.downloads - a.downloads || compareIds(a.id, b.id))
        .slice(0, data.top)
        .map((g, i) => ({ rank: i + 1, downloads: g.downloads, views: g.views, id: g.id, title: titleOf(g.id) }));
      const title = words.topLastPeriod.replace('{label}', last.label);
      topLive.replaceChildren(
        ...figureOf(barChart(title, top.map((g) => ({ label: g.title, value: g.downloads }))), title, words.table, [{ key: 'rank', numeric: true }, { key: 'downloads', numeric: true }, { key: 'views', numeric: true }, { key: 'id' }, { key: 'title' }], top, prefix + 'chart-top-live'),
      );
    }

    // Over time: the running totals at each snapshot inside the periods shown, and the figures per period.
    const overLive = document.getElementById(prefix + 'over-time-live');
    if (overLive && rows.length === 0) overLive.replaceChildren(el('p', words.noPeriods, { class: 'note period-showing' }));
    else if (overLive) {
      const from = rows.length > 0 ? rows[0].start : '';
      const to = rows.length > 0 ? rows[rows.length - 1].end : '';
      const points = data.snapshots.map((s, k) => ({ k, date: s[0], records: s[1], total_downloads: s[2], total_views: s[3] })).filter((p) => p.date >= from && p.date <= to);
      const times = points.map((p) => data.times[p.k]);
      const dates = points.map((p) => p.date);
      const perTitle = words.perPeriod[view.kind];
      const periodRows = rows.map((row) => ({ period: row.label, start: row.start, end: row.end, records: row.records, new_records: row.newRecords, downloads: row.downloads, views: row.views, total_downloads: row.totalDownloads, total_views: row.totalViews, coverage: row.partial ? 'partial' : 'full', anomalies: row.anomalies }));
      const partial = rows.filter((row) => row.partial).map((row) => row.label);
      overLive.replaceChildren(
        el('p', words.showing.replace('{kind}', words.kinds[view.kind]).replace('{from}', from).replace('{to}', to), { class: 'note period-showing' }),
        ...figureOf(lineChart(words.downloadsViewsOverTime, times, dates, [{ name: words.downloads, values: points.map((p) => p.total_downloads) }, { name: words.views, values: points.map((p) => p.total_views) }]), words.downloadsViewsOverTime, words.table, [{ key: 'date' }, { key: 'total_downloads', numeric: true }, { key: 'total_views', numeric: true }], points, prefix + 'chart-downloads-views-live'),
        ...figureOf(lineChart(words.recordsOverTime, times, dates, [{ name: words.records, values: points.map((p) => p.records) }]), words.recordsOverTime, words.table, [{ key: 'date' }, { key: 'records', numeric: true }], points, prefix + 'chart-records-live'),
        ...figureOf(columnChart(perTitle, rows.map((row) => ({ label: row.label, value: row.downloads, partial: row.partial, flagged: /frozen|fell/.test(row.anomalies) })), words.partial), perTitle, words.table, [{ key: 'period' }, { key: 'coverage' }, { key: 'downloads', numeric: true }, { key: 'views', numeric: true }, { key: 'anomalies' }], periodRows, prefix + 'chart-per-period-live'),
        ...(partial.length > 0 ? [el('p', words.partialPeriods + ' ' + partial.join(', '), { class: 'note' })] : []),
      );
      const periodTable = el('details', undefined, { class: 'period-table-live' });
      const columns = ['period', 'start', 'end', 'records', 'new_records', 'downloads', 'views', 'total_downloads', 'total_views', 'coverage', 'anomalies'].map((key) => ({ key, numeric: !['period', 'start', 'end', 'coverage', 'anomalies'].includes(key) }));
      periodTable.append(el('summary', words.periodTable), tableOf(columns, periodRows));
      overLive.append(periodTable);
    }
  };

  /**
   * Several collections (issue 15, point 4): their downloads per period side by side, one line each, for the
   * period kind and range chosen (each collection's own rows, as history --period gives them).
   */
  const compare = () => {
    const box = document.getElementById('comparison-live');
    if (!box) return;
    const entries = box.dataset.prefixes.split(' ').map((prefix) => dashboardView.dataOf(prefix)).filter(Boolean);
    if (entries.length === 0) return;
    const words = entries[0].data.labels;
    const view = dashboardView.state(entries[0].data.period);
    const starts = new Map();
    const byCollection = entries.map((entry) => {
      const rows = dashboardView.periods(entry.data, view);
      for (const row of rows) starts.set(row.label, row.start);
      return new Map(rows.map((row) => [row.label, row.downloads]));
    });
    const labels = [...starts.keys()].sort((a, b) => (starts.get(a) < starts.get(b) ? -1 : starts.get(a) > starts.get(b) ? 1 : 0));
    const times = labels.map((label) => Date.parse(starts.get(label) + 'T00:00:00Z'));
    const names = entries.map((entry) => entry.data.collection);
    const lines = byCollection.map((values, j) => ({ name: names[j], values: labels.map((label) => (values.has(label) ? values.get(label) : null)) }));
    const title = words.compareTitle.replace('{kind}', words.kinds[view.kind]);
    const rows = labels.map((label, i) => Object.fromEntries([['period', label], ...lines.map((line) => [line.name, line.values[i]])]));
    box.replaceChildren(el('h3', title), ...figureOf(lineChart(title, times, labels, lines), title, words.table, [{ key: 'period' }, ...names.map((key) => ({ key, numeric: true }))], rows, 'chart-comparison-live'));
    box.hidden = false;
  };

  const periodControls = Array.from(document.querySelectorAll('.period-controls'));
  const redrawAll = () => {
    for (const controls of periodControls) redraw(controls);
    compare();
    window.dispatchEvent(new Event('dashboard-view'));
  };
  for (const controls of periodControls) {
    controls.hidden = false;
    const write = () => {
      const params = new URLSearchParams(location.hash.slice(1));
      const set = (key, value) => (value ? params.set(key, value) : params.delete(key));
      set('period', controls.querySelector('select[name="period"]').value);
      set('from', controls.querySelector('input[name="from"]').value);
      set('to', controls.querySelector('input[name="to"]').value);
      const hash = params.toString();
      history.replaceState(null, '', hash ? '#' + hash : location.pathname + location.search);
      redrawAll();
    };
    for (const input of controls.querySelectorAll('select, input')) input.addEventListener('change', write);
    controls.querySelector('.period-reset').addEventListener('click', () => {
      controls.querySelector('select[name="period"]').value = controls.dataset.default;
      controls.querySelector('input[name="from"]').value = '';
      controls.querySelector('input[name="to"]').value = '';
      write();
    });
  }
  window.addEventListener('hashchange', redrawAll);
  for (const controls of periodControls) redraw(controls);
  compare();
`;
