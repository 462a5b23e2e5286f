import { existsSync } from 'node:fs';

/** Debian's chromium (installed by .ci/run), or another Chromium-family browser, or `undefined`. */
export function findChromium(env: Record<string, string | undefined> = process.env): string | undefined {
  const candidates = [env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((p): p is string => typeof p === 'string' && p !== '' && existsSync(p));
}

/**
 * Launch flags from shared/docs/stack.md: without the three background-networking flags Chromium keeps trying to
 * reach Google services, which fails on a machine without internet.
 */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];
