/**
 * An answer the in-memory stores give at once and Redis after a round trip. The request path stays
 * synchronous while every step answers at once: awaiting a plain value would still cost a microtask turn.
 */
export type MaybeAsync<T> = T | Promise<T>;

/** `next(value)` now when the value is at hand, or once it arrives. */
export function whenReady<T, R>(value: MaybeAsync<T>, next: (value: T) => MaybeAsync<R>): MaybeAsync<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}
