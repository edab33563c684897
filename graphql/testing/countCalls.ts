/**
 * Wraps a real object so that every call of one of its methods is counted (by method name) and then forwarded
 * unchanged. For proving batching: the work still happens, the test only watches how often it is asked for.
 */
export function countCalls<T extends object>(target: T, counts: Map<string, number>): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        counts.set(property, (counts.get(property) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(object, args);
      };
    },
  });
}
