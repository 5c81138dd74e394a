// What the store treats as a JSON object: made by a literal, JSON.parse or Object.create(null).
export function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
