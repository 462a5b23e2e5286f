import { readFileSync } from 'node:fs';

/** This package's version, read from package.json (one level above both `src/` and `dist/`). */
export const packageVersion: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Where to learn about the tool; sent in the User-Agent as Zenodo asks (zenodo-api.md §3). */
export const projectUrl = 'https://github.com/nfdi4bioimage/zenodo-stats';

/** `zenodo-stats/<version> (+<project url>)`. */
export const defaultUserAgent = `zenodo-stats/${packageVersion} (+${projectUrl})`;
