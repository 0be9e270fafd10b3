import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../src/database/database.module';
import { ApiProcess, startApiProcess } from './support/api-process';
import { throwawayDatabase } from './support/cluster';
import { signUp } from './support/test-app';

describe('Instances starting together on one PostgreSQL database (e2e)', () => {
  it('migrate it once between them: all start, the schema is whole', async () => {
    const database = await throwawayDatabase();
    const instances: ApiProcess[] = [];
    try {
      const started = await Promise.allSettled(
        [0, 1, 2].map(() => startApiProcess({ DATABASE_URL: database.url, LOG_LEVEL: 'error' })),
      );
      for (const result of started) if (result.status === 'fulfilled') instances.push(result.value);
      expect(started.map((result) => (result.status === 'rejected' ? String(result.reason) : 'ok'))).toEqual([
        'ok',
        'ok',
        'ok',
      ]);
      const check = await new DataSource({ type: 'postgres', url: database.url }).initialize();
      try {
        const applied = (await check.query('SELECT name FROM migrations')) as Array<{ name: string }>;
        expect(applied.map((row) => row.name).sort()).toEqual(MIGRATIONS.map((migration) => migration.name).sort());
      } finally {
        await check.destroy();
      }
      for (const instance of instances) await signUp(instance.rest);
    } finally {
      for (const instance of instances) await instance.stop();
      await database.drop();
    }
  }, 120000);
});
