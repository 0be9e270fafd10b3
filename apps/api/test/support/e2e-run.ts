import { randomBytes } from 'node:crypto';

/**
 * Names this run of the suites before any worker starts (workers inherit it), so that the databases it
 * creates carry it and its teardown drops those only: another run on the same PostgreSQL server (the
 * SQLite and PostgreSQL runs side by side, or a second checkout) keeps its own.
 */
export default function nameE2eRun(): void {
  process.env['E2E_RUN_ID'] ??= randomBytes(4).toString('hex');
}
