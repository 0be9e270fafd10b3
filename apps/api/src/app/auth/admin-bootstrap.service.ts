import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { hashPassword } from '../../common/passwords';
import { UsersService } from '../users/users.service';

/** Makes sure a fresh installation can be administered. */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
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
        passwordHash: await hashPassword(password),
        role: 'admin',
      });
      this.logger.log(`Created administrator "${username.toLowerCase()}" from ADMIN_USERNAME`);
    } else if (existing.role !== 'admin' || existing.disabled) {
      await this.users.update(existing.id, { role: 'admin', disabled: false });
      this.logger.warn(
        `Made "${existing.username}" an enabled administrator (ADMIN_USERNAME); its password is unchanged`,
      );
    }
  }

  private async createGeneratedAdmin(): Promise<void> {
    const username = (await this.users.findByUsername('admin')) ? `admin-${randomBytes(3).toString('hex')}` : 'admin';
    const password = randomBytes(18).toString('base64url');
    await this.users.create({
      username,
      displayName: 'Administrator',
      passwordHash: await hashPassword(password),
      role: 'admin',
    });
    // Warn level so it shows with the default and quieter log levels; it is printed this once only.
    this.logger.warn(
      `No administrator configured: created "${username}" with password ${password} - log in and change it now`,
    );
  }
}
