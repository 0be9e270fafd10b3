import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { LobbyParticipant, Page, RoomView } from '@webrtc-call/signaling-contracts';
import { ApiErrorDto } from '../../common/api-error.dto';
import type { AuthUser } from '../../common/auth-user';
import { CurrentUser } from '../../common/current-user.decorator';
import { PaginationQueryDto } from '../../common/pagination.dto';
import { CreateRoomDto } from './dto/create-room.dto';
import { LobbyParticipantDto, RoomPageDto, RoomViewDto } from './dto/room-view.dto';
import { UpdateRoomDto } from './dto/update-room.dto';
import { RoomsService } from './rooms.service';

@ApiTags('rooms')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ApiErrorDto })
@Controller('rooms')
export class RoomsController {
  constructor(private readonly rooms: RoomsService) {}

  @Post()
  @ApiCreatedResponse({ type: RoomViewDto })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'room-limit-reached: MAX_ROOMS_PER_ACCOUNT' })
  @ApiTooManyRequestsResponse({ type: ApiErrorDto, description: "rate-limited: the account's hashing budget" })
  @ApiServiceUnavailableResponse({ type: ApiErrorDto, description: 'service-unavailable: the hashing queue is full' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateRoomDto): Promise<RoomView> {
    return this.rooms.create(user.id, dto);
  }

  @Get()
  @ApiOkResponse({ type: RoomPageDto, description: "The caller's rooms and all public rooms, newest first" })
  list(@CurrentUser() user: AuthUser, @Query() query: PaginationQueryDto): Promise<Page<RoomView>> {
    return this.rooms.list(user.id, query.page, query.limit);
  }

  @Get(':id')
  @ApiOkResponse({ type: RoomViewDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'room-not-found' })
  get(@Param('id') id: string): Promise<RoomView> {
    return this.rooms.getView(id);
  }

  @Get(':id/participants')
  @ApiOkResponse({ type: [LobbyParticipantDto], description: "Who is in the room's call, for the lobby" })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'forbidden: a password room, to anyone but its owner' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'room-not-found' })
  participants(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<LobbyParticipant[]> {
    return this.rooms.participants(id, user);
  }

  @Patch(':id')
  @ApiOkResponse({ type: RoomViewDto })
  @ApiTooManyRequestsResponse({ type: ApiErrorDto, description: "rate-limited: the account's hashing budget" })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'not-room-owner' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'room-not-found' })
  update(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: UpdateRoomDto): Promise<RoomView> {
    return this.rooms.update(id, user, dto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted; anyone in its call is told the room closed' })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'not-room-owner' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'room-not-found' })
  remove(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<void> {
    return this.rooms.remove(id, user);
  }
}
