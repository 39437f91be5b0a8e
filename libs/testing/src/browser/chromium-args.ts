/** Where Debian's Chromium is (`.ci/prepare-browser` installs it); CHROMIUM_PATH says otherwise. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless Chromium's flags for a machine without the internet: without the network
 * features turned off (QUIC, component updates, sync, background requests) it stalls
 * waiting on them. playwright gives each launch a fresh temporary profile.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
