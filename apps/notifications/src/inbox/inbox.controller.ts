import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, forbidden, type Principal, recipientKeys, ROLES, Roles } from '@sme/auth';
import type { DeliveryEntity, NotificationEntity } from '@sme/persistence';
import { EventConsumerService } from '../events/event-consumer.service';
import { InboxService } from './inbox.service';
import { ListDeliveriesQuery, ListNotificationsQuery } from './list-notifications.query';

@ApiTags('inbox')
@Controller('api/notifications')
export class InboxController {
  constructor(
    private readonly sut: InboxService,
    private readonly events: EventConsumerService,
  ) {}

  @Get('dead-letters')
  @Roles('operator')
  @ApiOperation({ summary: '死信（多次处理失败的事件）/ events parked after repeated failure, for operators' })
  deadLetters() {
    return this.events.deadLetters();
  }

  @Get('deliveries')
  @Roles('operator')
  @ApiOperation({ summary: '邮件、短信投递（可按状态筛选，dead 为多次失败后搁置的）/ email and SMS deliveries; dead ones were parked' })
  deliveries(@Query() query: ListDeliveriesQuery): Promise<DeliveryEntity[]> {
    return this.sut.deliveries(query.status);
  }

  @Get()
  @Roles(...ROLES)
  @ApiOperation({ summary: '站内消息：本人、本机构及本角色的 / in-app notifications for the caller, its institution and its role' })
  list(@Query() query: ListNotificationsQuery, @Caller() caller: Principal): Promise<NotificationEntity[]> {
    const own = recipientKeys(caller);
    if (query.recipient === undefined) return this.sut.list(own);
    if (!(own as string[]).includes(query.recipient) && caller.role !== 'operator' && caller.role !== 'staff') {
      throw forbidden({ zh: '只能查看本人或本机构的消息', en: 'you may read only your own or your institution\'s inbox' });
    }
    return this.sut.list([query.recipient]);
  }
}
