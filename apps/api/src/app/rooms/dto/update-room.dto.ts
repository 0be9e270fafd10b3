import { ApiPropertyOptional } from '@nestjs/swagger';
import type { UpdateRoomRequest } from '@webrtc-call/signaling-contracts';
import { IsBoolean, IsInt, IsString, Length, Max, Min, ValidateIf } from 'class-validator';
import { Trim } from '../../../common/trim';
import { MAX_CAPACITY, MAX_ROOM_PASSWORD_LENGTH, MIN_CAPACITY } from './create-room.dto';

/** Unlike IsOptional, lets null through to the validators, so `"name": null` is refused rather than ignored. */
const IfPresent = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

export class UpdateRoomDto implements UpdateRoomRequest {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @IfPresent()
  @IsString({ message: 'name must be a string' })
  @Trim()
  @Length(1, 100, { message: 'name must be 1 to 100 characters long' })
  name?: string;

  @ApiPropertyOptional({ minimum: MIN_CAPACITY, maximum: MAX_CAPACITY })
  @IfPresent()
  @IsInt({ message: 'capacity must be a whole number' })
  @Min(MIN_CAPACITY, { message: `capacity must be at least ${MIN_CAPACITY}` })
  @Max(MAX_CAPACITY, { message: `capacity must be at most ${MAX_CAPACITY}` })
  capacity?: number;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'A new password, or null to remove it' })
  @ValidateIf((_object: object, value: unknown) => value !== undefined && value !== null)
  @IsString({ message: 'password must be a string or null' })
  @Length(1, MAX_ROOM_PASSWORD_LENGTH, {
    message: `password must be 1 to ${MAX_ROOM_PASSWORD_LENGTH} characters long`,
  })
  password?: string | null;

  @ApiPropertyOptional({ description: 'While locked nobody new can join' })
  @IfPresent()
  @IsBoolean({ message: 'locked must be true or false' })
  locked?: boolean;

  @ApiPropertyOptional()
  @IfPresent()
  @IsBoolean({ message: 'isPublic must be true or false' })
  isPublic?: boolean;

  @ApiPropertyOptional({ description: 'Guests from invite links wait to be let in (default true)' })
  @IfPresent()
  @IsBoolean({ message: 'guestsWait must be true or false' })
  guestsWait?: boolean;

  @ApiPropertyOptional({ description: 'Signed-in users other than the owner wait to be let in (default false)' })
  @IfPresent()
  @IsBoolean({ message: 'membersWait must be true or false' })
  membersWait?: boolean;
}
