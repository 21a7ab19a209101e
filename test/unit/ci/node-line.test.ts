import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The one Node.js line of package.json's engines (">=24 <25" → "24"). */
const engines: string = JSON.parse(readFileSync('package.json', 'utf8')).engines.node;
const line = /^>=(\d+) <(\d+)$/.exec(engines);

describe('the Node.js line', () => {
  it('is one major in engines', () => {
    expect(line?.[1]).toBeDefined();
    expect(Number(line?.[2])).toBe(Number(line?.[1]) + 1);
  });

  it('runs the test workers', () => {
    expect(process.versions.node.split('.')[0]).toBe(line?.[1]);
  });

  it('is the `node` a script started from a test finds on its PATH (tsx, the cdk CLI, npx)', () => {
    const version = execFileSync('sh', ['-c', 'node --version'], { encoding: 'utf8' }).trim();

    expect(version).toBe(process.version);
  });
});
