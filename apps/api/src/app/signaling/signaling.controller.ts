import { Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { SignalingTicket } from '@webrtc-call/signaling-contracts';
import { ApiErrorDto } from '../../common/api-error.dto';
import type { AuthUser } from '../../common/auth-user';
import { CurrentUser } from '../../common/current-user.decorator';
import { GuestsAllowed } from '../../common/guests-allowed.decorator';
import { SignalingTicketDto } from './dto/signaling-ticket.dto';
import { SignalingTickets } from './signaling-tickets';

@ApiTags('signaling')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ApiErrorDto, description: 'unauthorized: missing, expired or revoked token' })
@Controller('signaling')
export class SignalingController {
  constructor(private readonly tickets: SignalingTickets) {}

  /** A ticket for `/ws?ticket=`: used once, within 30 s. Guests get one too, for their room's call. */
  @Post('ticket')
  @GuestsAllowed()
  @ApiCreatedResponse({ type: SignalingTicketDto })
  ticket(@CurrentUser() user: AuthUser): Promise<SignalingTicket> {
    return this.tickets.issue(user);
  }
}
