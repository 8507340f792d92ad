import { readFileSync } from 'node:fs';

/**
 * Files under src/runtime/ are copied into the output as they are: the generator runs the same
 * code (fixtures are repaired with the very format checks the output will apply).
 */
export function runtimeSource(file: string): string {
  return readFileSync(new URL(`../../../src/runtime/${file}`, import.meta.url), 'utf8');
}
