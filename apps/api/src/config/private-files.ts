import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from './app-config';

/** Creates a folder only its owner can enter (an existing one is left as it is, and reported by `exposedPaths`). */
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

/**
 * DATA_DIR and what in it holds a secret or leads to one, as the server and `npm start` create them:
 * the SQLite database, the generated JWT secret, administrator password, TLS key and certificate, and
 * `npm start`'s TURN secret and coturn configuration.
 */
export function privatePaths(config: AppConfig): string[] {
  const data = (...parts: string[]) => join(config.dataDir, ...parts);
  const sqlite = !config.databaseUrl && config.databasePath !== ':memory:' ? [config.databasePath] : [];
  return [
    config.dataDir,
    ...sqlite,
    data('jwt-secret'),
    data('admin-password'),
    data('tls'),
    data('tls', 'self-signed.key'),
    data('tls', 'self-signed.crt'),
    data('turn-secret'),
    data('turn'),
  ];
}

/** The paths that exist and that other accounts on this machine may read, enter or write. */
export function exposedPaths(paths: string[]): Array<{ path: string; mode: number; directory: boolean }> {
  return paths.flatMap((path) => {
    if (!existsSync(path)) return [];
    const stat = statSync(path);
    const mode = stat.mode & 0o777;
    return mode & 0o077 ? [{ path, mode, directory: stat.isDirectory() }] : [];
  });
}
