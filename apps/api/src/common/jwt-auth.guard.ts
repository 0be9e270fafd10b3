import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiErrorCode } from '@webrtc-call/signaling-contracts';
import type { Request } from 'express';
import { TokenService } from '../app/auth/token.service';
import { ALLOWED_BEFORE_PASSWORD_CHANGE } from './before-password-change.decorator';
import { IS_PUBLIC } from './public.decorator';

@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: unknown }>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    const user = scheme === 'Bearer' && token ? await this.tokens.identify(token) : null;
    if (!user)
      throw new UnauthorizedException({ code: ApiErrorCode.Unauthorized, message: 'A valid access token is required' });
    if (
      user.mustChangePassword &&
      !this.reflector.getAllAndOverride<boolean>(ALLOWED_BEFORE_PASSWORD_CHANGE, targets)
    ) {
      throw new ForbiddenException({
        code: ApiErrorCode.PasswordChangeRequired,
        message: 'Choose a new password first (POST /api/auth/password)',
      });
    }
    request.user = user;
    return true;
  }
}
