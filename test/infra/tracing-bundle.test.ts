import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { ProductFunction } from '#infra/constructs/product-function';
import { scaled } from '#test/support/timeouts';

process.env.CDK_VALIDATION = 'false';

/** The sources of the bundle CDK built for the function: read from its source map. */
function bundledSources(tracing: boolean): string[] {
  const app = new App();
  const stack = new Stack(app, 'Bundle');
  const product = new ProductFunction(stack, 'Fn', {
    functionKey: 'registry-api',
    spec: { description: 'bundle test' },
    environment: {},
    tracing,
  });
  const assembly = app.synth();
  const code = stack.resolve((product.function.node.defaultChild as CfnFunction).code) as {
    s3Key: string;
  };
  const assetDir = join(assembly.directory, `asset.${code.s3Key.replace(/\.zip$/, '')}`);
  const map = join(assetDir, 'index.mjs.map');
  expect(existsSync(map), map).toBe(true);
  return (JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources;
}

describe('CDK bundling honours the tracing setting', () => {
  it(
    'bundles the Tracer when on, and leaves it out when off',
    () => {
      const on = bundledSources(true);
      const off = bundledSources(false);
      expect(on.some((source) => source.includes('aws-xray-sdk-core'))).toBe(true);
      expect(off.some((source) => source.includes('aws-xray-sdk-core'))).toBe(false);
    },
    scaled(120_000),
  );
});
