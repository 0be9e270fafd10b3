import { BadRequestException, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { ApiErrorCode, LoginResponse, UserView } from '@webrtc-call/signaling-contracts';
import { AppConfig } from '../../config/app-config';
import { AttemptCounter, Attempts, ATTEMPTS, takeOrRefuse } from '../limits/attempts';
import { hashBudget } from '../limits/hash-budget';
import { PasswordHasher } from '../limits/password-hasher';
import { toUserView, User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';
import { RegisterDto } from './dto/register.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { TokenService } from './token.service';

@Injectable()
export class AuthService {
  /** Verified against when the username is unknown, so both failures take the same time. */
  private readonly dummyHash: Promise<string>;

  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly hasher: PasswordHasher,
    @Inject(ATTEMPTS) private readonly attempts: Attempts,
    private readonly config: AppConfig,
  ) {
    this.dummyHash = hasher.hash('not-a-real-password');
  }

  async register(dto: RegisterDto): Promise<UserView> {
    const user = await this.users.create({
      username: dto.username,
      displayName: dto.displayName || dto.username,
      passwordHash: await this.hasher.hash(dto.password),
    });
    return toUserView(user);
  }

  /**
   * Unknown user and wrong password are the same 401. A disabled account is told so, but only after the
   * right password, so the answer reveals nothing to someone who does not know it.
   *
   * Besides the per-address throttle, each account allows LOGIN_MAX_FAILURES failed logins; every further
   * try waits twice as long as the one before (429 with Retry-After, the password is not checked), from
   * wherever it comes. The right password clears the count.
   */
  async login(dto: LoginDto): Promise<LoginResponse> {
    const user = await this.users.findByUsername(dto.username);
    const failures = user ? this.loginFailures(user.id) : null;
    if (failures) await takeOrRefuse(this.attempts, [failures], 'Too many failed logins for this account');
    const valid = await this.hasher.verify(user?.passwordHash ?? (await this.dummyHash), dto.password);
    if (!user || !valid) {
      throw new UnauthorizedException({ code: ApiErrorCode.InvalidCredentials, message: 'Wrong username or password' });
    }
    if (failures) await this.attempts.clear([failures.key]);
    if (user.disabled) {
      throw new ForbiddenException({ code: ApiErrorCode.AccountDisabled, message: 'This account has been disabled' });
    }
    return this.session(user);
  }

  async me(userId: string): Promise<UserView> {
    return toUserView(await this.current(userId));
  }

  async updateProfile(userId: string, dto: UpdateProfileDto): Promise<UserView> {
    return toUserView(await this.users.setDisplayName(await this.current(userId), dto.displayName));
  }

  /**
   * Signs out every other session; the caller continues with the returned token. Keeping the same
   * password is refused: it would not fulfil a required change (a generated password sits in a file).
   */
  async changePassword(userId: string, dto: ChangePasswordDto): Promise<LoginResponse> {
    const user = await this.current(userId);
    await takeOrRefuse(this.attempts, [hashBudget(userId, this.config)], 'Too many password changes for this account');
    if (!(await this.hasher.verify(user.passwordHash, dto.currentPassword))) {
      throw new ForbiddenException({ code: ApiErrorCode.WrongPassword, message: 'The current password is wrong' });
    }
    if (dto.newPassword === dto.currentPassword) {
      throw new BadRequestException({
        code: ApiErrorCode.ValidationFailed,
        message: ['newPassword must differ from the current password'],
      });
    }
    return this.session(await this.users.setPassword(user, await this.hasher.hash(dto.newPassword)));
  }

  logoutEverywhere(userId: string): Promise<void> {
    return this.users.revokeTokens(userId);
  }

  private loginFailures(userId: string): AttemptCounter {
    const { maxFailures, backoffMaxMs, memoryMs } = this.config.loginLimit;
    return {
      key: `login:${userId}`,
      rule: { kind: 'backoff', free: maxFailures, baseMs: 1000, maxMs: backoffMaxMs, forgetMs: memoryMs },
    };
  }

  private session(user: User): LoginResponse {
    return { accessToken: this.tokens.issue(user), user: toUserView(user) };
  }

  private async current(userId: string): Promise<User> {
    const user = await this.users.findById(userId);
    if (!user)
      throw new UnauthorizedException({ code: ApiErrorCode.Unauthorized, message: 'This account no longer exists' });
    return user;
  }
}
