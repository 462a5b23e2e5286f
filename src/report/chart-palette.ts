/**
 * Chart colours: the eight colours of Okabe and Ito, "Color Universal Design" (2008,
 * https://jfly.uni-koeln.de/color/), which stay distinguishable with the common forms of colour blindness.
 * They are reordered so that the colours used first contrast best with the white background: blue (bars,
 * first line), vermillion (flagged columns, second line), bluish green, reddish purple, orange, sky blue,
 * black, and yellow last (it has a contrast of only 1.5:1 on white). Line charts with more series than
 * colours repeat them with a dashed stroke.
 *
 * @example
 * ```ts
 * const [barColour] = chartPalette; // '#0072B2'
 * ```
 */
export const chartPalette: readonly string[] = Object.freeze([
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#000000', // black
  '#F0E442', // yellow
]);
