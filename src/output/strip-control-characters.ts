/**
 * Terminal escape sequences, whole: CSI (`ESC [ … final`, e.g. `\x1b[2J` clears the screen), OSC / DCS / SOS /
 * PM / APC strings up to BEL or ST (`\x1b]0;title\x07` sets the window title), their 8-bit C1 forms (CSI U+009B,
 * OSC U+009D, …), and two-character escapes (`ESC c` resets the terminal). ECMA-48 §5.4 and §8.3.
 */
const escapeSequence =
  /(?:\x1b\[|\u009b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?|(?:\x1b[\]PX^_]|[\u0090\u0098\u009d\u009e\u009f])[^\x07\x1b\u009c]*(?:\x07|\x1b\\|\u009c)?|\x1b[\x20-\x2f]*[\x30-\x7e]?/g;

/**
 * Control characters left after the sequences are gone: C0 (tab, CR, backspace, …) but the newline, DEL, C1,
 * Unicode line/paragraph separators and bidi overrides/isolates (Trojan Source, https://trojansource.codes/).
 */
const controlCharacter = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from a remote site made safe to print on a terminal: escape sequences and control characters removed, so a
 * record title or community name cannot set the window title, clear the screen, move the cursor or recolour what
 * follows (issue 12). Newlines stay, since the lines it is part of are ours; callers that quote a title on one
 * line fold its whitespace themselves.
 *
 * @example
 * stripControlCharacters('\x1b]0;pwned\x07Title \x1b[2Jhere'); // 'Title here'
 */
export function stripControlCharacters(text: string): string {
  return text.replace(escapeSequence, '').replace(controlCharacter, '');
}
