import { ApiProperty } from '@nestjs/swagger';
import type { UpdateProfileRequest } from '@webrtc-call/signaling-contracts';
import { IsString, Length } from 'class-validator';
import { Trim } from '../../../common/trim';

export class UpdateProfileDto implements UpdateProfileRequest {
  @ApiProperty({ minLength: 1, maxLength: 64 })
  @IsString()
  @Trim()
  @Length(1, 64, { message: 'displayName must be 1 to 64 characters long' })
  displayName!: string;
}
