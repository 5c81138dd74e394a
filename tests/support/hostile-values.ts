// Values a compromised or buggy renderer could send: ids that are not app-made, and payloads
// that misbehave when read. Shared by the id tests and the dispatch fuzz test.
import { randomUUID } from 'node:crypto';

/** Object.prototype member names, paths, oversized and near-miss UUIDs. */
export const HOSTILE_IDS = [
  'constructor',
  '__proto__',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  '../x',
  '../../etc/passwd',
  '/tmp/x',
  'C:\\Windows\\x',
  'a/b',
  '.',
  '..',
  '',
  'x'.repeat(10_000),
  `${randomUUID()}/../x`,
  `${randomUUID()}\n`,
  randomUUID().toUpperCase(),
  '3f1c2d4e-0000-1000-8000-000000000001', // a UUID, but version 1: not from randomUUID
  '00000000-0000-0000-0000-000000000000',
];
