/**
 * Arguments as a POSIX shell reads them back, for a command line printed to be copied (`npm run demo` shows the
 * commands it runs): a word with a space, quote, `$`, parenthesis or other shell character is put in single
 * quotes, a single quote in it written `'\''`.
 *
 * @example
 * ```ts
 * shellWords(['report', '--title', 'NFDI4BIOIMAGE on Zenodo (demo data)']);
 * // "report --title 'NFDI4BIOIMAGE on Zenodo (demo data)'"
 * ```
 */
export function shellWords(args: readonly string[]): string {
  return args.map((arg) => (arg !== '' && /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`)).join(' ');
}
