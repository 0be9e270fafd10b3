import { JwtService } from '@nestjs/jwt';
import type { User } from '../users/user.entity';
import type { UsersService } from '../users/users.service';
import { TokenService } from './token.service';

describe('TokenService.authenticate', () => {
  const jwt = new JwtService({ secret: 'unit-test-secret-that-is-long-enough!!', signOptions: { expiresIn: 60 } });
  let stored: User | null;
  const tokens = new TokenService(jwt, { findById: async () => stored } as unknown as UsersService);
  const user = (fields: Partial<User> = {}): User =>
    ({
      id: 'u1',
      username: 'alice',
      displayName: 'Alice',
      role: 'user',
      disabled: false,
      tokenVersion: 2,
      ...fields,
    }) as User;

  it('returns the user as stored now, not as the token remembers it', async () => {
    stored = user();
    const token = tokens.issue(stored);
    stored = user({ displayName: 'Alice B.', role: 'admin' });
    expect(await tokens.authenticate(token)).toEqual({
      id: 'u1',
      username: 'alice',
      displayName: 'Alice B.',
      role: 'admin',
      ver: 2,
    });
  });

  it('rechecks a signed-in user: valid, revoked after a token version bump, disabled or gone', async () => {
    stored = user();
    const signedIn = await tokens.authenticate(tokens.issue(stored));
    if (!signedIn) throw new Error('expected a user');
    expect(await tokens.recheck(signedIn)).toBe('valid');
    stored = user({ tokenVersion: 3 });
    expect(await tokens.recheck(signedIn)).toBe('revoked');
    stored = user({ disabled: true });
    expect(await tokens.recheck(signedIn)).toBe('disabled');
    stored = null;
    expect(await tokens.recheck(signedIn)).toBe('disabled');
  });

  it('refuses revoked tokens, disabled and deleted accounts, forged and expired tokens', async () => {
    stored = user();
    const token = tokens.issue(stored);
    stored = user({ tokenVersion: 3 });
    expect(await tokens.authenticate(token)).toBeNull();
    stored = user({ disabled: true });
    expect(await tokens.authenticate(token)).toBeNull();
    stored = null;
    expect(await tokens.authenticate(token)).toBeNull();
    stored = user();
    expect(await tokens.authenticate(`${token}x`)).toBeNull();
    const expired = jwt.sign({ sub: 'u1', ver: 2 }, { expiresIn: -10 });
    expect(await tokens.authenticate(expired)).toBeNull();
  });

  it('flags an account that must choose a new password, which only identify() lets through', async () => {
    stored = user({ mustChangePassword: true });
    const token = tokens.issue(stored);
    expect(await tokens.identify(token)).toMatchObject({ id: 'u1', mustChangePassword: true });
    expect(await tokens.authenticate(token)).toBeNull();
    stored = user({ mustChangePassword: false });
    expect(await tokens.authenticate(token)).not.toHaveProperty('mustChangePassword');
  });

  it('treats a token from before revocation existed as version 0', async () => {
    const legacy = jwt.sign({ sub: 'u1', username: 'alice', name: 'Alice', role: 'user' });
    stored = user({ tokenVersion: 0 });
    expect(await tokens.authenticate(legacy)).not.toBeNull();
    stored = user({ tokenVersion: 1 });
    expect(await tokens.authenticate(legacy)).toBeNull();
  });

  it('keeps the synchronous claims-only verify()', () => {
    stored = user();
    expect(tokens.verify(tokens.issue(stored))).toEqual({
      id: 'u1',
      username: 'alice',
      displayName: 'Alice',
      role: 'user',
    });
    expect(tokens.verify('garbage')).toBeNull();
  });
});
