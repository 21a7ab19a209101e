/**
 * aws-local-stepfunctions 3 declares Node >= 22 and calls
 * `Promise.withResolvers` (Node 22) in every Task state. The project runs on
 * Node 20, so add it before the engine is imported.
 */
// Typed loosely: the project's TypeScript lib is ES2023, which lacks it.
if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

export {};
