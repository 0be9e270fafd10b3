import { ApiProperty } from '@nestjs/swagger';
import type { RedeemInviteRequest } from '@webrtc-call/signaling-contracts';
import { IsString, Length, Matches } from 'class-validator';
import { Trim } from '../../../common/trim';

export class RedeemInviteDto implements RedeemInviteRequest {
  @ApiProperty({ description: "The secret from the link's #fragment" })
  @IsString()
  @Length(1, 128, { message: 'secret must be 1 to 128 characters long' })
  secret!: string;

  @ApiProperty({ minLength: 1, maxLength: 64 })
  @IsString()
  @Trim()
  @Length(1, 64, { message: 'displayName must be 1 to 64 characters long' })
  // eslint-disable-next-line no-control-regex
  @Matches(/^[^\u0000-\u001f\u007f]*$/, { message: 'displayName must not contain control characters' })
  displayName!: string;
}
