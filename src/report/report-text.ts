import type { AnomalyGroup } from '../history/group-anomalies.js';
import type { CountingRule } from '../history/build-timeline.js';
import type { PeriodKind } from '../history/periods.js';
import type { BreakdownCoverage, ReportLang } from './report-data.js';
import { formatNumber, formatShare } from './format-figures.js';

/** Headings and fixed sentences of the report, in English and German (the first users' language). */
export interface ReportText {
  generated: string;
  snapshotsLine: (count: number, first: string, last: string) => string;
  headline: string;
  records: string;
  downloads: string;
  uniqueDownloads: string;
  views: string;
  uniqueViews: string;
  allTime: string;
  inPeriod: (label: string) => string;
  changeAgainst: (label: string) => string;
  /** A comparison by daily rate, when one of the two periods is covered only in part. */
  changePerDayAgainst: (label: string, days: number) => string;
  newRecords: string;
  topRecords: string;
  topAllTime: string;
  topLastPeriod: (label: string) => string;
  overTime: string;
  downloadsViewsOverTime: string;
  recordsOverTime: string;
  downloadsPerPeriod: (period: PeriodKind) => string;
  historyStartsToday: (day: string) => string;
  breakdowns: string;
  byResourceType: string;
  byPublicationYear: string;
  topKeywords: string;
  keywordRecords: string;
  dataQuality: string;
  noAnomalies: string;
  /** One line for a group of anomalies of one kind (more than one of them). */
  qualityGroup: (group: AnomalyGroup) => string;
  details: string;
  recordsWithoutStats: (n: number) => string;
  recordsWithoutMetadata: (n: number) => string;
  recordsGone: (n: number) => string;
  noLongerOnZenodo: string;
  /** Several collections' downloads per period side by side; `{kind}` is the period's name. */
  compareTitle: string;
  /** A record's own view: what touched its figures (issue 15, point 2). */
  recordAnomaly: {
    heading: string;
    fell: (day: string, counter: 'downloads' | 'views', from: number, to: number) => string;
    missing: (day: string) => string;
    frozen: (from: string, to: string) => string;
    more: (n: number) => string;
  };
  /** Under a breakdown: how much of it is known (nothing when all is). */
  breakdownCoverage: (coverage: BreakdownCoverage) => string | null;
  /** Periods the snapshots cover only in part, under a chart over time. */
  partialPeriods: (labels: readonly string[]) => string | null;
  partialColumn: string;
  allRecords: string;
  allRecordsNote: (n: number) => string;
  allRecordsCount: (n: number) => string;
  searchRecords: string;
  searchPlaceholder: string;
  filterType: string;
  allTypes: string;
  filterYear: string;
  allYears: string;
  filterKeyword: string;
  allKeywords: string;
  /** With `{shown}` and `{total}`, filled in by the page's script. */
  recordsShown: string;
  downloadView: string;
  resourceType: string;
  year: string;
  gainIn: (label: string) => string;
  /** The `est_full_downloads` column of the table of every record, and what it means. */
  estFullDownloads: string;
  estFullDownloadsNote: string;
  /** The words of a record's own view, filled in by the page's script (`{…}` placeholders). */
  /** The dashboard's choice of period and range (issue 15, point 3); `showing` has `{kind}`, `{from}`, `{to}`. */
  periodControls: Record<'legend' | 'period' | 'from' | 'to' | 'reset' | 'showing' | 'partialPeriods' | 'noPeriods', string>;
  periodName: (period: PeriodKind) => string;
  recordView: Record<'details' | 'back' | 'recordPage' | 'rank' | 'downloads' | 'uniqueDownloads' | 'views' | 'perPeriod' | 'period' | 'partial' | 'versions' | 'keywords', string>;
  importNotes: string;
  howCounted: string;
  howCountedText: (rule: CountingRule) => string[];
  table: string;
  rank: string;
  title: string;
  share: string;
  label: string;
  period: string;
  flaggedNote: string;
  periodTable: string;
  noData: string;
}

const periodNames: Record<ReportLang, Record<PeriodKind, string>> = {
  en: { week: 'week', month: 'month', quarter: 'quarter', year: 'year' },
  de: { week: 'Woche', month: 'Monat', quarter: 'Quartal', year: 'Jahr' },
};

const en: ReportText = {
  generated: 'Generated',
  snapshotsLine: (count, first, last) => `Based on ${count} snapshot${count === 1 ? '' : 's'}, ${first} to ${last}.`,
  headline: 'Headline figures',
  records: 'Records',
  downloads: 'Downloads',
  uniqueDownloads: 'Unique downloads',
  views: 'Views',
  uniqueViews: 'Unique views',
  allTime: 'all time',
  inPeriod: (label) => `in ${label}`,
  changeAgainst: (label) => `vs. ${label}`,
  changePerDayAgainst: (label, days) => `per day vs. ${label} (only ${days} day${days === 1 ? '' : 's'} of it in the snapshots)`,
  newRecords: 'new records',
  topRecords: 'Top records',
  topAllTime: 'Most downloaded records, all time',
  topLastPeriod: (label) => `Most downloaded records in ${label}`,
  overTime: 'Over time',
  downloadsViewsOverTime: 'Downloads and views over time (cumulative)',
  recordsOverTime: 'Records over time',
  downloadsPerPeriod: (p) => `Downloads per ${periodNames.en[p]}`,
  historyStartsToday: (day) => `History starts with the snapshot of ${day}: the curves over time need at least two snapshots. Run zenodo-stats summarize again next week.`,
  breakdowns: 'Breakdowns',
  byResourceType: 'Downloads by resource type',
  byPublicationYear: 'Downloads by publication year',
  topKeywords: 'Top keywords',
  keywordRecords: 'records',
  dataQuality: 'Data quality',
  noAnomalies: 'No anomalies found.',
  qualityGroup: (g) => {
    const n = g.indices.length;
    const range = g.min === g.max ? `${g.max}` : `${g.min}–${g.max}`;
    const records = g.max === 1 ? 'record' : 'records';
    if (g.kind === 'partial') return `${n} partial snapshots, ${range} ${records} missing each (their gains are spread over the surrounding stretch)`;
    if (g.kind === 'fallen') return `${n} snapshots in which counters fell, ${range} ${records} each: not counted, gains run from each record's last good figure (a Zenodo statistics outage, or a version counter that started again with a new version)`;
    if (g.kind === 'frozen') return `${n} stretches with downloads frozen while views grew (Zenodo statistics stalls, not quiet weeks)`;
    return `${n} incomplete snapshots`;
  },
  details: 'Details',
  recordsWithoutStats: (n) => `${n} record${n === 1 ? '' : 's'} without statistics in the last snapshot (not counted as 0).`,
  recordsWithoutMetadata: (n) =>
    `${n} record${n === 1 ? '' : 's'} without a title or type (imported CSVs carry none): shown by number and left out of the breakdowns. A summarize of this collection, or import with --base-url, looks them up.`,
  recordsGone: (n) => `${n} record${n === 1 ? ' is' : 's are'} no longer on Zenodo (a look-up found ${n === 1 ? 'it' : 'them'} gone): shown with the last known title and counted with the last figures Zenodo gave.`,
  noLongerOnZenodo: '(no longer on Zenodo)',
  compareTitle: 'Downloads per {kind}, side by side',
  recordAnomaly: {
    heading: 'What touched its figures',
    fell: (day, counter, from, to) => `${day}: its ${counter} read ${formatNumber(to, 'en')}, below the ${formatNumber(from, 'en')} seen before — a missing observation (a Zenodo statistics outage), neither a loss nor a gain`,
    missing: (day) => `${day}: missing from a partial snapshot; its gain is spread over the stretch around it`,
    frozen: (from, to) => `${from} → ${to}: its downloads did not move while Zenodo's download counters stalled across the collection`,
    more: (n) => `and ${formatNumber(n, 'en')} more`,
  },
  breakdownCoverage: (c) => {
    if (c.knownRecords === c.records) return null;
    if (c.knownRecords === 0) return `Not known for any of the ${formatNumber(c.records, 'en')} records: imported CSVs carry no metadata. A summarize of this collection, or import with --base-url, looks it up.`;
    const share = c.downloads > 0 ? ` (${formatShare(c.knownDownloads / c.downloads, 'en')} of the downloads)` : '';
    return `Known for ${formatNumber(c.knownRecords, 'en')} of ${formatNumber(c.records, 'en')} records${share}; the other ${formatNumber(c.records - c.knownRecords, 'en')} are not shown.`;
  },
  partialPeriods: (labels) =>
    labels.length === 0 ? null : `Partial ${labels.length === 1 ? 'period' : 'periods'} (the snapshots cover only part of ${labels.length === 1 ? 'it' : 'them'}): ${labels.join(', ')}.`,
  partialColumn: 'partial period: the snapshots cover only part of it',
  allRecords: 'All records',
  allRecordsNote: (n) => `${formatNumber(n, 'en')} record${n === 1 ? '' : 's'}, most downloaded first. Search, filter and sort them; a click on a column header sorts by it, a second click reverses.`,
  allRecordsCount: (n) => `${formatNumber(n, 'en')} record${n === 1 ? '' : 's'} with their titles, types, years, DOIs and figures`,
  searchRecords: 'Search',
  searchPlaceholder: 'title, id, DOI, keyword or creator',
  filterType: 'Type',
  allTypes: 'all types',
  filterYear: 'Year',
  allYears: 'all years',
  filterKeyword: 'Keyword',
  allKeywords: 'all keywords',
  recordsShown: '{shown} of {total} records',
  downloadView: 'Download this view as CSV',
  resourceType: 'Type',
  year: 'Year',
  gainIn: (label) => `Downloads in ${label}`,
  estFullDownloads: 'Full downloads (est.)',
  estFullDownloadsNote:
    "Full downloads (est.): bytes downloaded ÷ the record's total size, where Zenodo gives both. Zenodo counts a download per file, so a record of many files looks more downloaded than it is.",
  periodControls: {
    legend: 'View',
    period: 'Per',
    from: 'From',
    to: 'To',
    reset: 'The report’s own view',
    showing: 'Figures per {kind}, {from} to {to} (chosen above; printing shows this view).',
    partialPeriods: 'Partial periods (the snapshots cover only part of them):',
    noPeriods: 'No period of the snapshots falls in the range chosen.',
  },
  periodName: (p) => periodNames.en[p],
  recordView: {
    details: 'details',
    back: '← All records',
    recordPage: 'Record page',
    rank: 'rank {rank} of {total} by downloads',
    downloads: 'Downloads, all time',
    uniqueDownloads: 'Unique downloads',
    views: 'Views, all time',
    perPeriod: 'Downloads and views per period',
    period: 'Period',
    partial: '(partial)',
    versions: 'Other versions',
    keywords: 'Keywords',
  },
  importNotes: 'Import notes',
  howCounted: 'How these numbers are counted',
  howCountedText: (rule) => [
    'Zenodo counts a download per file: fetching three files of a record counts three downloads. A “unique” download or view is the same visitor within one hour, counted once. Robots are excluded.',
    'Zenodo reports two families of counters: all-version totals (downloads, views, …) and this-version counts (version_*). Adding all-version totals over several versions of one record would count them twice.',
    rule === 'all-versions-per-concept'
      ? 'Here the all-version counters are taken once per concept (every record carries its concept id).'
      : 'Here totals are built from the this-version counters, per record: the imported files do not say which records are versions of one another.',
    'Zenodo publishes only running totals. Figures per period are the differences between snapshots, spread over the days between them.',
  ],
  table: 'Table',
  rank: '#',
  title: 'Title',
  share: 'Share',
  label: 'Label',
  period: 'Period',
  flaggedNote: 'Hatched bars: periods with anomalies (see data quality).',
  periodTable: 'Figures per period',
  noData: 'No data.',
};

const de: ReportText = {
  generated: 'Erstellt',
  snapshotsLine: (count, first, last) => `Grundlage: ${count} Momentaufnahme${count === 1 ? '' : 'n'}, ${first} bis ${last}.`,
  headline: 'Kennzahlen',
  records: 'Einträge',
  downloads: 'Downloads',
  uniqueDownloads: 'Eindeutige Downloads',
  views: 'Aufrufe',
  uniqueViews: 'Eindeutige Aufrufe',
  allTime: 'insgesamt',
  inPeriod: (label) => `in ${label}`,
  changeAgainst: (label) => `ggü. ${label}`,
  changePerDayAgainst: (label, days) => `pro Tag ggü. ${label} (davon nur ${days} Tag${days === 1 ? '' : 'e'} in den Momentaufnahmen)`,
  newRecords: 'neue Einträge',
  topRecords: 'Meistgeladene Einträge',
  topAllTime: 'Meistgeladene Einträge insgesamt',
  topLastPeriod: (label) => `Meistgeladene Einträge in ${label}`,
  overTime: 'Zeitverlauf',
  downloadsViewsOverTime: 'Downloads und Aufrufe im Zeitverlauf (kumuliert)',
  recordsOverTime: 'Einträge im Zeitverlauf',
  downloadsPerPeriod: (p) => `Downloads pro ${periodNames.de[p]}`,
  historyStartsToday: (day) => `Die Zeitreihe beginnt mit der Momentaufnahme vom ${day}; Verläufe brauchen mindestens zwei. zenodo-stats summarize nächste Woche erneut ausführen.`,
  breakdowns: 'Aufschlüsselungen',
  byResourceType: 'Downloads nach Ressourcentyp',
  byPublicationYear: 'Downloads nach Erscheinungsjahr',
  topKeywords: 'Häufigste Schlagwörter',
  keywordRecords: 'Einträge',
  dataQuality: 'Datenqualität',
  noAnomalies: 'Keine Auffälligkeiten gefunden.',
  qualityGroup: (g) => {
    const n = g.indices.length;
    const range = g.min === g.max ? `${g.max}` : `${g.min}–${g.max}`;
    const records = g.max === 1 ? 'Eintrag' : 'Einträge';
    if (g.kind === 'partial') return `${n} unvollständige Momentaufnahmen, in jeder fehlen ${range} ${records} (ihre Zuwächse werden über den umgebenden Zeitraum verteilt)`;
    if (g.kind === 'fallen') return `${n} Momentaufnahmen mit gefallenen Zählern, je ${range} ${records}: nicht gezählt, Zuwächse ab dem letzten gültigen Wert (ein Ausfall der Zenodo-Statistik oder ein Versionszähler, der mit einer neuen Version neu begann)`;
    if (g.kind === 'frozen') return `${n} Zeiträume, in denen die Downloads stillstanden, während die Aufrufe stiegen (Stillstand der Zenodo-Statistik, keine ruhigen Wochen)`;
    return `${n} unvollständige Momentaufnahmen`;
  },
  details: 'Einzelheiten',
  recordsWithoutStats: (n) => `${n} ${n === 1 ? 'Eintrag' : 'Einträge'} ohne Statistik in der letzten Momentaufnahme (nicht als 0 gezählt).`,
  recordsWithoutMetadata: (n) =>
    `${n} ${n === 1 ? 'Eintrag' : 'Einträge'} ohne Titel oder Typ (importierte CSV-Dateien enthalten keine): mit Nummer gezeigt und in den Aufschlüsselungen nicht enthalten. Ein summarize dieser Sammlung oder import mit --base-url schlägt sie nach.`,
  recordsGone: (n) => `${n} ${n === 1 ? 'Eintrag ist' : 'Einträge sind'} nicht mehr auf Zenodo (bei einer Nachfrage nicht mehr gefunden): mit dem letzten bekannten Titel gezeigt und mit den letzten Zahlen von Zenodo gezählt.`,
  noLongerOnZenodo: '(nicht mehr auf Zenodo)',
  compareTitle: 'Downloads pro {kind}, nebeneinander',
  recordAnomaly: {
    heading: 'Was seine Zahlen berührt hat',
    fell: (day, counter, from, to) => `${day}: ${counter === 'downloads' ? 'Downloads' : 'Aufrufe'} ${formatNumber(to, 'de')}, unter den zuvor gesehenen ${formatNumber(from, 'de')} — eine fehlende Beobachtung (ein Ausfall der Zenodo-Statistik), weder Verlust noch Gewinn`,
    missing: (day) => `${day}: fehlt in einer unvollständigen Momentaufnahme; sein Zuwachs wird über die Strecke darum verteilt`,
    frozen: (from, to) => `${from} → ${to}: seine Downloads standen still, während Zenodos Downloadzähler in der ganzen Sammlung hingen`,
    more: (n) => `und ${formatNumber(n, 'de')} weitere`,
  },
  breakdownCoverage: (c) => {
    if (c.knownRecords === c.records) return null;
    if (c.knownRecords === 0) return `Für keinen der ${formatNumber(c.records, 'de')} Einträge bekannt: importierte CSV-Dateien enthalten keine Metadaten. Ein summarize dieser Sammlung oder import mit --base-url schlägt sie nach.`;
    const share = c.downloads > 0 ? ` (${formatShare(c.knownDownloads / c.downloads, 'de')} der Downloads)` : '';
    return `Bekannt für ${formatNumber(c.knownRecords, 'de')} von ${formatNumber(c.records, 'de')} Einträgen${share}; die übrigen ${formatNumber(c.records - c.knownRecords, 'de')} sind nicht gezeigt.`;
  },
  partialPeriods: (labels) =>
    labels.length === 0 ? null : `Nur teilweise erfasst: ${labels.join(', ')}.`,
  partialColumn: 'nur teilweise erfasster Zeitraum',
  allRecords: 'Alle Einträge',
  allRecordsNote: (n) => `${formatNumber(n, 'de')} ${n === 1 ? 'Eintrag' : 'Einträge'}, die meistgeladenen zuerst. Suchen, filtern und sortieren; ein Klick auf einen Spaltenkopf sortiert danach, ein zweiter kehrt die Reihenfolge um.`,
  allRecordsCount: (n) => `${formatNumber(n, 'de')} ${n === 1 ? 'Eintrag' : 'Einträge'} mit Titel, Typ, Jahr, DOI und Zahlen`,
  searchRecords: 'Suche',
  searchPlaceholder: 'Titel, ID, DOI, Schlagwort oder Person',
  filterType: 'Typ',
  allTypes: 'alle Typen',
  filterYear: 'Jahr',
  allYears: 'alle Jahre',
  filterKeyword: 'Schlagwort',
  allKeywords: 'alle Schlagwörter',
  recordsShown: '{shown} von {total} Einträgen',
  downloadView: 'Diese Ansicht als CSV herunterladen',
  resourceType: 'Typ',
  year: 'Jahr',
  gainIn: (label) => `Downloads in ${label}`,
  estFullDownloads: 'Vollständige Downloads (geschätzt)',
  estFullDownloadsNote:
    'Vollständige Downloads (geschätzt): heruntergeladene Bytes ÷ Gesamtgröße des Eintrags, wo Zenodo beides angibt. Zenodo zählt einen Download je Datei, ein Eintrag mit vielen Dateien wirkt daher öfter heruntergeladen, als er es ist.',
  periodControls: {
    legend: 'Ansicht',
    period: 'Pro',
    from: 'Von',
    to: 'Bis',
    reset: 'Ansicht des Berichts',
    showing: 'Zahlen pro {kind}, {from} bis {to} (oben gewählt; gedruckt wird diese Ansicht).',
    partialPeriods: 'Teilweise erfasste Zeiträume (die Momentaufnahmen decken sie nur zum Teil ab):',
    noPeriods: 'Kein Zeitraum der Momentaufnahmen liegt im gewählten Bereich.',
  },
  periodName: (p) => periodNames.de[p],
  recordView: {
    details: 'Details',
    back: '← Alle Einträge',
    recordPage: 'Seite des Eintrags',
    rank: 'Rang {rank} von {total} nach Downloads',
    downloads: 'Downloads, gesamt',
    uniqueDownloads: 'Eindeutige Downloads',
    views: 'Aufrufe, gesamt',
    perPeriod: 'Downloads und Aufrufe pro Zeitraum',
    period: 'Zeitraum',
    partial: '(teilweise)',
    versions: 'Andere Versionen',
    keywords: 'Schlagwörter',
  },
  importNotes: 'Hinweise aus dem Import',
  howCounted: 'Wie diese Zahlen gezählt werden',
  howCountedText: (rule) => [
    'Zenodo zählt einen Download pro Datei: Wer drei Dateien eines Eintrags lädt, zählt drei Downloads. „Eindeutig“ heißt: derselbe Besucher innerhalb einer Stunde zählt einmal. Robots werden nicht gezählt.',
    'Zenodo meldet zwei Zählerfamilien: Summen über alle Versionen (downloads, views, …) und Zahlen dieser Version (version_*). Summen über alle Versionen für mehrere Versionen eines Eintrags zu addieren, zählt doppelt.',
    rule === 'all-versions-per-concept'
      ? 'Hier werden die Zähler über alle Versionen einmal pro Konzept genommen (jeder Eintrag nennt sein Konzept).'
      : 'Hier werden die Summen aus den Zählern der einzelnen Versionen gebildet: Die importierten Dateien sagen nicht, welche Einträge Versionen voneinander sind.',
    'Zenodo veröffentlicht nur laufende Summen. Zahlen pro Zeitraum sind Differenzen zwischen Momentaufnahmen, auf die Tage dazwischen verteilt.',
  ],
  table: 'Tabelle',
  rank: 'Nr.',
  title: 'Titel',
  share: 'Anteil',
  label: 'Bezeichnung',
  period: 'Zeitraum',
  flaggedNote: 'Schraffierte Balken: Zeiträume mit Auffälligkeiten (siehe Datenqualität).',
  periodTable: 'Zahlen pro Zeitraum',
  noData: 'Keine Daten.',
};

export const reportText: Record<ReportLang, ReportText> = { en, de };
