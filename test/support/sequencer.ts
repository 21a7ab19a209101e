import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The order files enter the run's one queue (test/support/lanes.ts): longest first, whatever their
 * suite, so the lanes end together and slow workflow and e2e files are spread over the run instead
 * of following each other (vitest's own order takes the suites one after the other).
 *
 * A file's length is its duration in vitest's results cache from an earlier run; a file without one
 * (a fresh clone) is guessed from its size, a workflow or e2e file's byte counting for a hundred of
 * a unit file's (they wait on deadlines, engines and browsers).
 */
const SLOW_SUITES = new Set(['workflows', 'e2e']);
const MS_PER_BYTE = { slow: 3, fast: 0.03 };

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { cache, config } = this.ctx;
    const estimate = (spec: TestSpecification): number => {
      const key = `${spec.project.name}:${relative(config.root, spec.moduleId)}`;
      const duration = cache.getFileTestResults(key)?.duration;
      if (duration !== undefined) return duration;
      const size = cache.getFileStats(key)?.size ?? 0;
      return size * (SLOW_SUITES.has(spec.project.name) ? MS_PER_BYTE.slow : MS_PER_BYTE.fast);
    };
    const estimates = new Map(files.map((spec) => [spec, estimate(spec)]));
    return [...files].sort((a, b) => (estimates.get(b) ?? 0) - (estimates.get(a) ?? 0));
  }
}
