// JSON-shaped objects, as main copies them: the store's records, log lines, IPC payloads.

/** An object made by a literal, JSON.parse or Object.create(null): what JSON holds. */
export function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Sets an own, enumerable key on a copy being built. A key "__proto__" (JSON.parse makes it an
 * own key) stays an ordinary key instead of replacing the copy's prototype; any other key is a
 * plain assignment, the fast path.
 */
export function setOwnKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else target[key] = value;
}
