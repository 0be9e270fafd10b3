import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiErrorCode } from '@webrtc-call/signaling-contracts';
import type { Request } from 'express';
import { Credentials } from '../app/invites/credentials';
import { ALLOWED_BEFORE_PASSWORD_CHANGE } from './before-password-change.decorator';
import { GUESTS_ALLOWED } from './guests-allowed.decorator';
import { IS_PUBLIC } from './public.decorator';

@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly credentials: Credentials,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: unknown }>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    const user = scheme === 'Bearer' && token ? await this.credentials.identify(token) : null;
    if (!user)
      throw new UnauthorizedException({ code: ApiErrorCode.Unauthorized, message: 'A valid access token is required' });
    if (user.guest && !this.reflector.getAllAndOverride<boolean>(GUESTS_ALLOWED, targets)) {
      throw new ForbiddenException({
        code: ApiErrorCode.GuestNotAllowed,
        message: 'A guest may only join the call it was invited to',
      });
    }
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
