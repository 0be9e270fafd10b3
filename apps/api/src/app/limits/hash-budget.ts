import type { AppConfig } from '../../config/app-config';
import type { AttemptCounter } from './attempts';

/**
 * The password hashes and checks one account may cause per window, on every route that hashes for a
 * signed-in account: password changes, room passwords set or tried. Never cleared by a success.
 */
export function hashBudget(userId: string, config: AppConfig): AttemptCounter {
  const { perAccount, windowMs } = config.hashing;
  return { key: `hash:${userId}`, rule: { kind: 'window', limit: perAccount, windowMs } };
}
