import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { NotificationEntity } from '@sme/persistence';
import { EventConsumerService } from '../events/event-consumer.service';
import { InboxService } from './inbox.service';
import { ListNotificationsQuery } from './list-notifications.query';

@ApiTags('inbox')
@Controller('api/notifications')
export class InboxController {
  constructor(
    private readonly sut: InboxService,
    private readonly events: EventConsumerService,
  ) {}

  @Get('dead-letters')
  @ApiOperation({ summary: '死信（多次处理失败的事件）/ events parked after repeated failure, for operators' })
  deadLetters() {
    return this.events.deadLetters();
  }

  @Get()
  @ApiOperation({ summary: '站内消息 / in-app notifications of a recipient' })
  list(@Query() query: ListNotificationsQuery): Promise<NotificationEntity[]> {
    return this.sut.list(query.recipient);
  }
}
