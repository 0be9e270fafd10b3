import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiErrorCode } from '@webrtc-call/signaling-contracts';
import type { Request } from 'express';
import { TokenService } from '../app/auth/token.service';
import { IS_PUBLIC } from './public.decorator';

@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: unknown }>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    const user = scheme === 'Bearer' && token ? await this.tokens.authenticate(token) : null;
    if (!user)
      throw new UnauthorizedException({ code: ApiErrorCode.Unauthorized, message: 'A valid access token is required' });
    request.user = user;
    return true;
  }
}
