import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { AppConfig } from '../../config/app-config';
import { ensurePrivateDir, writePrivateFile } from '../../config/private-files';
import { PasswordHasher } from '../limits/password-hasher';
import { UsersService } from '../users/users.service';

/** Where the generated administrator's password is written, inside DATA_DIR. */
export const ADMIN_PASSWORD_FILE = 'admin-password';

/** Makes sure a fresh installation can be administered. */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.admin) await this.ensureConfiguredAdmin(this.config.admin);
    else if (!(await this.users.hasAdmin())) await this.createGeneratedAdmin();
  }

  /**
   * Creates the configured account, or promotes it if it exists. An existing password is left alone: the
   * environment sets the first password, and changes made in the app must survive restarts.
   */
  private async ensureConfiguredAdmin({ username, password }: { username: string; password: string }): Promise<void> {
    const existing = await this.users.findByUsername(username);
    if (!existing) {
      await this.users.create({
        username,
        displayName: username,
        passwordHash: await this.hasher.hash(password),
        role: 'admin',
      });
      this.logger.log(`Created administrator "${username.toLowerCase()}" from ADMIN_USERNAME`);
      return;
    }
    if (existing.role === 'admin' && !existing.disabled) return;
    // Anyone may have registered the name before the operator chose it: only its owner is promoted.
    if (!(await this.hasher.verify(existing.passwordHash, password))) {
      throw new Error(
        `Refusing to start: ADMIN_USERNAME "${existing.username}" names an existing account that is not an ` +
          'enabled administrator, and ADMIN_PASSWORD is not its password, so it may belong to someone else. ' +
          'Choose another ADMIN_USERNAME, or start without ADMIN_USERNAME/ADMIN_PASSWORD and delete or ' +
          'disable that account on the admin page.',
      );
    }
    await this.users.update(existing.id, { role: 'admin', disabled: false });
    this.logger.warn(`Made "${existing.username}" an enabled administrator (ADMIN_USERNAME and its password)`);
  }

  /** The password goes to a private file, never to the log; it must be replaced at the first login. */
  private async createGeneratedAdmin(): Promise<void> {
    const username = (await this.users.findByUsername('admin')) ? `admin-${randomBytes(3).toString('hex')}` : 'admin';
    const password = randomBytes(18).toString('base64url');
    const file = join(this.config.dataDir, ADMIN_PASSWORD_FILE);
    ensurePrivateDir(this.config.dataDir);
    writePrivateFile(file, `${password}\n`);
    await this.users.create({
      username,
      displayName: 'Administrator',
      passwordHash: await this.hasher.hash(password),
      role: 'admin',
      mustChangePassword: true,
    });
    // Warn level so it shows with the default and quieter log levels.
    this.logger.warn(
      `No administrator configured: created "${username}" with the password in ${file} (readable by this ` +
        'user only). Log in, choose a new password, then delete the file.',
    );
  }
}
