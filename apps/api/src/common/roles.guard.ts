import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiErrorCode, UserRole } from '@webrtc-call/signaling-contracts';
import type { AuthUser, CallerRole } from './auth-user';
import { ROLES } from './roles.decorator';

/** Runs after JwtAuthGuard, so `request.user` reflects the role as stored now, not as it was at login. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles || roles.length === 0) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (user && (roles as CallerRole[]).includes(user.role)) return true;
    throw new ForbiddenException({ code: ApiErrorCode.Forbidden, message: 'This needs administrator rights' });
  }
}
