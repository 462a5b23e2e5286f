import { edgeInset, fontSize, svgElement, type DomDocument, type DomElement } from './_chart-svg.js';
import { cleanText, fitText, textWidth } from './_chart-text.js';

/** One legend entry: a line swatch (line charts) or a box (e.g. the hatched anomaly note). */
export interface LegendEntry {
  label: string;
  swatch: 'line' | 'box';
  /** A colour, or `url(#id)` of a pattern. */
  paint: string;
  dash?: string | undefined;
}

const rowHeight = 20;
const swatchWidth = 18;
const entryGap = 18;

/** A legend laid out in rows that fit the chart's width; `height` is 0 when there are no entries. */
export interface LegendLayout {
  height: number;
  render: (document: DomDocument) => DomElement;
}

/**
 * Lays out legend entries left to right from `top`, wrapping to a new row when the next entry would cross
 * the right edge. Labels are cut at about 40 characters; a cut label keeps its full text as a tooltip.
 */
export function layoutLegend(entries: readonly LegendEntry[], width: number, top: number): LegendLayout {
  const placed: { entry: LegendEntry; shown: string; full: string; x: number; y: number }[] = [];
  const maxLabelWidth = width - 2 * edgeInset - swatchWidth - 6;
  let x = edgeInset;
  let row = 0;
  for (const entry of entries) {
    const full = cleanText(entry.label);
    const shown = fitText(full, maxLabelWidth, fontSize);
    const entryWidth = swatchWidth + 6 + textWidth(shown, fontSize);
    if (x > edgeInset && x + entryWidth > width - edgeInset) {
      x = edgeInset;
      row += 1;
    }
    placed.push({ entry, shown, full, x, y: top + row * rowHeight + rowHeight / 2 });
    x += entryWidth + entryGap;
  }
  const height = entries.length === 0 ? 0 : (row + 1) * rowHeight;
  const render = (document: DomDocument): DomElement => {
    const legend = svgElement(document, 'g', { 'text-anchor': 'start' });
    for (const { entry, shown, full, x: left, y } of placed) {
      const swatch =
        entry.swatch === 'line'
          ? svgElement(document, 'line', {
              x1: left,
              x2: left + swatchWidth,
              y1: y,
              y2: y,
              stroke: entry.paint,
              'stroke-width': 2.5,
              ...(entry.dash === undefined ? {} : { 'stroke-dasharray': entry.dash }),
            })
          : svgElement(document, 'rect', {
              x: left + 3,
              y: y - 6,
              width: 12,
              height: 12,
              fill: entry.paint,
            });
      const label = svgElement(document, 'text', { x: left + swatchWidth + 6, y, dy: '0.32em' }, [shown]);
      if (shown !== full) label.appendChild(svgElement(document, 'title', {}, [full]));
      legend.appendChild(svgElement(document, 'g', {}, [swatch, label]));
    }
    return legend;
  };
  return { height, render };
}
