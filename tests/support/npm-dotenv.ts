// Reads .env files with npm dotenv's parse(): the parser dotenv.config() uses by default, and the
// opt-in `fast` one (DOTENV_FAST=true or { fast: true }).
import { readFileSync } from 'node:fs';
import { parse } from 'dotenv';

export function readWithNpmDotenv(files: string[]): Record<string, string>[] {
  return files.map((file) => parse(readFileSync(file)));
}

export function readWithNpmDotenvFast(files: string[]): Record<string, string>[] {
  return files.map((file) => parse(readFileSync(file), { fast: true }));
}
