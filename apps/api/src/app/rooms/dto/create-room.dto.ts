import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CreateRoomRequest } from '@webrtc-call/signaling-contracts';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { Trim } from '../../../common/trim';

export const MIN_CAPACITY = 2;
export const MAX_CAPACITY = 8;
export const DEFAULT_CAPACITY = 4;
export const MAX_ROOM_PASSWORD_LENGTH = 128;

export class CreateRoomDto implements CreateRoomRequest {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Daily standup' })
  @IsString()
  @Trim()
  @Length(1, 100, { message: 'name must be 1 to 100 characters long' })
  name!: string;

  @ApiPropertyOptional({ minimum: MIN_CAPACITY, maximum: MAX_CAPACITY, default: DEFAULT_CAPACITY })
  @IsOptional()
  @IsInt({ message: 'capacity must be a whole number' })
  @Min(MIN_CAPACITY, { message: `capacity must be at least ${MIN_CAPACITY}` })
  @Max(MAX_CAPACITY, { message: `capacity must be at most ${MAX_CAPACITY}` })
  capacity?: number;

  @ApiPropertyOptional({ minLength: 1, maxLength: MAX_ROOM_PASSWORD_LENGTH, description: 'Needed to join' })
  @IsOptional()
  @IsString({ message: 'password must be a string' })
  @Length(1, MAX_ROOM_PASSWORD_LENGTH, {
    message: `password must be 1 to ${MAX_ROOM_PASSWORD_LENGTH} characters long`,
  })
  password?: string;

  @ApiPropertyOptional({ default: false, description: 'List the room to every user' })
  @IsOptional()
  @IsBoolean({ message: 'isPublic must be true or false' })
  isPublic?: boolean;

  @ApiPropertyOptional({ description: 'Guests from invite links wait to be let in (default true)' })
  @IsOptional()
  @IsBoolean({ message: 'guestsWait must be true or false' })
  guestsWait?: boolean;

  @ApiPropertyOptional({ description: 'Signed-in users other than the owner wait to be let in (default false)' })
  @IsOptional()
  @IsBoolean({ message: 'membersWait must be true or false' })
  membersWait?: boolean;
}
