import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { TurnCredentials } from '@webrtc-call/signaling-contracts';
import { ApiErrorDto } from '../../common/api-error.dto';
import type { AuthUser } from '../../common/auth-user';
import { CurrentUser } from '../../common/current-user.decorator';
import { TurnCredentialsDto } from './dto/turn-credentials.dto';
import { TurnService } from './turn.service';

@ApiTags('turn')
@ApiBearerAuth()
@Controller('turn')
export class TurnController {
  constructor(private readonly turn: TurnService) {}

  @Get('credentials')
  @ApiOkResponse({
    type: TurnCredentialsDto,
    description: 'Time-limited TURN REST API credentials that coturn (use-auth-secret) accepts; STUN only without TURN',
  })
  @ApiUnauthorizedResponse({ type: ApiErrorDto })
  credentials(@CurrentUser() user: AuthUser): TurnCredentials {
    return this.turn.credentials(user.id);
  }
}
