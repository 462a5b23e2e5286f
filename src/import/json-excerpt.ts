/**
 * Characters JSON.stringify leaves as they are but a terminal acts on or hides: DEL, C1 controls (U+0080–U+009F,
 * which include the 8-bit CSI), line/paragraph separators, and bidi overrides/isolates (https://trojansource.codes/).
 */
const unescapedByJson = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * A short, printable quotation of text read from a file, for a message: cut to `max` code points (with `…`),
 * quoted and escaped as a JSON string, with every control character as a `\u` escape, so a binary or hostile
 * file is never echoed raw (issue 12).
 *
 * @example
 * jsonExcerpt('\x89PNG\r\n\x1a\n\x00\x00'); // '"\u0089PNG\\r\\n\\u001a\\n\\u0000\\u0000"'
 */
export function jsonExcerpt(text: string, max = 120): string {
  const codePoints = Array.from(text.length > max * 2 + 2 ? text.slice(0, max * 2 + 2) : text);
  const cut = codePoints.length > max ? `${codePoints.slice(0, max - 1).join('')}…` : codePoints.join('');
  return JSON.stringify(cut).replace(unescapedByJson, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
