import { mkdirSync, rmSync, writeFileSync } from 'node:fs';

/** Creates a folder only its owner can enter (an existing one is left as it is). */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/**
 * Writes a secret into a fresh file only its owner can read. An earlier file is removed first: `mode`
 * applies only when a file is created, so rewriting one in place would keep its old permissions.
 */
export function writePrivateFile(path: string, content: string): void {
  rmSync(path, { force: true });
  writeFileSync(path, content, { mode: 0o600, flag: 'wx' });
}
