import { ApiPropertyOptional } from '@nestjs/swagger';
import type { CreateInviteRequest } from '@webrtc-call/signaling-contracts';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_INVITE_SECONDS = 30 * 24 * 3600;
export const MAX_INVITE_USES = 1000;

export class CreateInviteDto implements CreateInviteRequest {
  @ApiPropertyOptional({ minimum: 60, maximum: MAX_INVITE_SECONDS, description: 'Unset: until revoked' })
  @IsOptional()
  @IsInt({ message: 'expiresInSeconds must be a whole number' })
  @Min(60, { message: 'expiresInSeconds must be at least 60' })
  @Max(MAX_INVITE_SECONDS, { message: `expiresInSeconds must be at most ${MAX_INVITE_SECONDS}` })
  expiresInSeconds?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_INVITE_USES, description: 'Unset: any number of guests' })
  @IsOptional()
  @IsInt({ message: 'maxUses must be a whole number' })
  @Min(1, { message: 'maxUses must be at least 1' })
  @Max(MAX_INVITE_USES, { message: `maxUses must be at most ${MAX_INVITE_USES}` })
  maxUses?: number;
}
