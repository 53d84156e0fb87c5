// Makes sure Debian's Chromium is installed for the e2e tests (Playwright must not download browsers here).
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
if (existsSync(CHROMIUM)) process.exit(0);
console.log(`${CHROMIUM} is missing: installing Debian's chromium package…`);
try {
  const sudo = process.getuid && process.getuid() !== 0 ? 'sudo ' : '';
  execSync(`${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends chromium`, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
} catch {
  console.error('Could not install chromium with apt-get; install it (apt-get install chromium) and run the tests again.');
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.error(`apt-get finished but ${CHROMIUM} is still missing.`);
  process.exit(1);
}
