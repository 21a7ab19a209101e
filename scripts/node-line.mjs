// The project's one Node.js line is package.json's "engines" (">=24 <25"). Every npm script runs this
// first (and vitest.config.mts imports it): under another major it says what to do and exits 1.
import { readFileSync } from 'node:fs';

const engines = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).engines.node;
const line = /^>=(\d+)/.exec(engines)?.[1];
const major = process.versions.node.split('.')[0];

if (major !== line) {
  console.error(
    `This project runs on Node.js ${line} (package.json engines "${engines}"); this is Node.js ${process.version} (${process.execPath}).\n` +
      `Run \`npm run setup\`: it installs Node.js ${line} as node_modules/.bin/node, which every npm script\n` +
      '(`npm start`, `npm test`, `npx vitest`...) then runs on. Or install Node.js ' +
      `${line} yourself (https://nodejs.org, or: nvm install ${line}).`,
  );
  process.exit(1);
}
