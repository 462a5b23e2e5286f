import { parseHTML } from 'linkedom';
import { cleanText, fitText } from './_chart-text.js';
import type { ChartLang } from './chart-types.js';

/*
 * The few DOM members the charts use. The project compiles without the DOM library (it is a Node CLI), so
 * linkedom's and Plot's DOM types do not resolve; these interfaces describe what linkedom provides.
 */
export interface DomNode {
  readonly nodeType: number;
  readonly nodeValue: string | null;
  readonly childNodes: Iterable<DomNode>;
}

export interface DomElement extends DomNode {
  readonly localName: string;
  readonly attributes: Iterable<{ readonly name: string; readonly value: string }>;
  readonly firstChild: DomNode | null;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  appendChild(node: DomNode): DomNode;
  insertBefore(node: DomNode, reference: DomNode | null): DomNode;
  querySelectorAll(selectors: string): Iterable<DomElement>;
}

export interface DomDocument {
  createElementNS(namespace: string, name: string): DomElement;
  createTextNode(text: string): DomNode;
}

export const svgNamespace = 'http://www.w3.org/2000/svg';
const xlinkNamespace = 'http://www.w3.org/1999/xlink';

/** Base font: the report's text style; Plot's own default is 10 px, too small to read in print. */
export const fontFamily = 'system-ui, sans-serif';
export const fontSize = 12;
export const titleFontSize = 16;
/** Body text colour; #1a1a1a and the subtitle's #555 both pass WCAG AA on white. */
const textColour = '#1a1a1a';
export const mutedColour = '#555555';
/** Left edge of the heading, legend and y-axis label. */
export const edgeInset = 8;

/** Class on every chart's root `<svg>`, scoping Plot's small stylesheet (instead of Plot's `plot-d6a7b5`). */
export const chartClassName = 'zenodo-stats-chart';

let sharedDocument: DomDocument | undefined;

/**
 * The linkedom document Plot builds its elements with. Plot only creates detached elements, so one
 * document serves every chart.
 */
export function chartDocument(): DomDocument {
  sharedDocument ??= (parseHTML('<!doctype html><html><body></body></html>') as unknown as { document: DomDocument })
    .document;
  return sharedDocument;
}

/** A chart's size and margins in pixels. */
export interface PlotFrame {
  width: number;
  height: number;
  marginTop: number;
  marginRight: number;
  marginBottom: number;
  marginLeft: number;
}

/** The options every chart passes to `Plot.plot`: the shared document, our class name, its size and margins. */
export function plotFrame(frame: PlotFrame): PlotFrame & { document: DomDocument; className: string } {
  return { document: chartDocument(), className: chartClassName, ...frame };
}

/** An SVG element with attributes (in the given order) and children (strings become text nodes). */
export function svgElement(
  document: DomDocument,
  name: string,
  attributes: Readonly<Record<string, string | number>> = {},
  children: readonly (DomNode | string)[] = [],
): DomElement {
  const element = document.createElementNS(svgNamespace, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  for (const child of children) {
    element.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/** Height in pixels of the heading block (title, and subtitle when given). */
export function headingHeight(subtitle: string | undefined): number {
  return subtitle === undefined || cleanText(subtitle) === '' ? 34 : 52;
}

/** What `finishSvg` needs besides the `<svg>` itself. */
export interface ChartFrame {
  title: string;
  subtitle?: string | undefined;
  width: number;
  height: number;
  /** Drawn elements placed between the heading and the plot (legends, the y-axis label). */
  extras?: readonly DomElement[];
}

/**
 * Turns a rendered `<svg>` into a standalone, accessible one and serialises it: XML namespaces, fixed size
 * and viewBox, `role="img"` with `aria-label`, a `<title>` first child, a white background, the visible
 * heading, the font and colour, and `href` plus `xlink:href` on links (SVG 2 and SVG 1.1 renderers).
 */
export function finishSvg(document: DomDocument, svg: DomElement, frame: ChartFrame): string {
  const title = cleanText(frame.title);
  const subtitle = frame.subtitle === undefined ? '' : cleanText(frame.subtitle);
  const links = [...svg.querySelectorAll('a')];
  for (const link of links) {
    const href = link.getAttribute('href');
    if (href !== null) link.setAttribute('xlink:href', href);
    for (const text of link.querySelectorAll('text')) text.setAttribute('text-decoration', 'underline');
  }
  const attributes: Record<string, string | number> = {
    xmlns: svgNamespace,
    ...(links.length > 0 ? { 'xmlns:xlink': xlinkNamespace } : {}),
    width: frame.width,
    height: frame.height,
    viewBox: `0 0 ${frame.width} ${frame.height}`,
    role: 'img',
    'aria-label': subtitle === '' ? title : `${title} (${subtitle})`,
    'font-family': fontFamily,
    'font-size': fontSize,
    color: textColour,
    fill: 'currentColor',
  };
  for (const [key, value] of Object.entries(attributes)) svg.setAttribute(key, String(value));

  const heading = svgElement(document, 'g', { 'aria-hidden': 'true', 'text-anchor': 'start' }, [
    svgElement(
      document,
      'text',
      { x: edgeInset, y: 22, 'font-size': titleFontSize, 'font-weight': 'bold' },
      [fitText(title, frame.width - 2 * edgeInset, titleFontSize, { bold: true, maxChars: 200 })],
    ),
  ]);
  if (subtitle !== '') {
    heading.appendChild(
      svgElement(document, 'text', { x: edgeInset, y: 42, fill: mutedColour }, [
        fitText(subtitle, frame.width - 2 * edgeInset, fontSize, { maxChars: 200 }),
      ]),
    );
  }
  const background = svgElement(document, 'rect', { width: frame.width, height: frame.height, fill: 'white' });
  // Paint order: background, then heading and extras, then Plot's marks; `<title>` must be the first child.
  const first = svg.firstChild;
  const afterStyle = first !== null && (first as DomElement).localName === 'style' ? nextSibling(svg, first) : first;
  for (const element of [background, heading, ...(frame.extras ?? [])]) svg.insertBefore(element, afterStyle);
  svg.insertBefore(svgElement(document, 'title', {}, [title]), svg.firstChild);
  return serializeSvg(svg);
}

function nextSibling(parent: DomElement, node: DomNode): DomNode | null {
  let found = false;
  for (const child of parent.childNodes) {
    if (found) return child;
    if (child === node) found = true;
  }
  return null;
}

/** A chart without data: the heading and a centred "no data" line. */
export function renderEmptyChart(frame: {
  title: string;
  subtitle?: string | undefined;
  width: number;
  lang: ChartLang;
}): string {
  const document = chartDocument();
  const top = headingHeight(frame.subtitle);
  const height = top + 56;
  const message = frame.lang === 'de' ? 'keine Daten' : 'no data';
  const svg = svgElement(document, 'svg', { class: chartClassName }, [
    svgElement(
      document,
      'text',
      { x: frame.width / 2, y: top + 28, 'text-anchor': 'middle', fill: mutedColour, 'font-style': 'italic' },
      [message],
    ),
  ]);
  return finishSvg(document, svg, { title: frame.title, subtitle: frame.subtitle, width: frame.width, height });
}

const textEscapes: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const attributeEscapes: Readonly<Record<string, string>> = {
  ...textEscapes,
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};
/** Characters XML 1.0 forbids anywhere (https://www.w3.org/TR/xml/#charsets): dropped. */
const forbiddenInXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function escapeText(text: string): string {
  return text.replace(forbiddenInXml, '').replace(/[&<>]/g, (char) => textEscapes[char] ?? char);
}

function escapeAttribute(value: string): string {
  return value.replace(forbiddenInXml, '').replace(/[&<>"\t\n\r]/g, (char) => attributeEscapes[char] ?? char);
}

/**
 * Serialises an element as XML that is also valid inline HTML: text and attribute values always escaped
 * (linkedom leaves `&` and `<` raw in attribute values, which is not well-formed XML), attributes sorted
 * by name after the namespace declarations so the output does not depend on linkedom's internal order,
 * empty elements self-closed, comments dropped.
 */
export function serializeSvg(root: DomElement): string {
  const out: string[] = [];
  const write = (node: DomNode): void => {
    if (node.nodeType === 3) {
      out.push(escapeText(node.nodeValue ?? ''));
      return;
    }
    if (node.nodeType !== 1) return;
    const element = node as DomElement;
    out.push('<', element.localName);
    const attributes = [...element.attributes].map(({ name, value }) => [name, value] as const);
    attributes.sort(([a], [b]) => attributeRank(a) - attributeRank(b) || (a < b ? -1 : a > b ? 1 : 0));
    for (const [name, value] of attributes) out.push(' ', name, '="', escapeAttribute(value), '"');
    const children = [...element.childNodes];
    if (children.length === 0) {
      out.push('/>');
      return;
    }
    out.push('>');
    for (const child of children) write(child);
    out.push('</', element.localName, '>');
  };
  write(root);
  return out.join('');
}

function attributeRank(name: string): number {
  return name === 'xmlns' ? 0 : name.startsWith('xmlns:') ? 1 : 2;
}

/** A short id derived from `value` (FNV-1a, 32 bits), for ids that must differ between charts on one page. */
export function contentId(prefix: string, value: unknown): string {
  let hash = 0x811c9dc5;
  for (const char of JSON.stringify(value) ?? '') {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${prefix}-${hash.toString(16).padStart(8, '0')}`;
}

/** The y-axis label, drawn above the axis at the left edge (Plot would put it on top of the heading). */
export function yAxisLabel(document: DomDocument, label: string, plotTop: number, width: number): DomElement {
  return svgElement(document, 'text', { x: edgeInset, y: plotTop - 18, 'text-anchor': 'start' }, [
    fitText(cleanText(label), width - 2 * edgeInset, fontSize, { maxChars: 120 }),
  ]);
}
