import { Module } from '@nestjs/common';
import { RoomsModule } from '../rooms/rooms.module';
import { SignalingModule } from '../signaling/signaling.module';
import { ModerationController } from './moderation.controller';
import { ModerationService } from './moderation.service';

@Module({
  imports: [RoomsModule, SignalingModule],
  controllers: [ModerationController],
  providers: [ModerationService],
  exports: [ModerationService],
})
export class ModerationModule {}
