import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, forbidden, type Principal, recipientKeys, ROLES, Roles } from '@sme/auth';
import type { DeliveryEntity, NotificationEntity } from '@sme/persistence';
import { EventConsumerService } from '../events/event-consumer.service';
import { InboxService } from './inbox.service';
import { ListDeliveriesQuery, ListNotificationsQuery, MarkReadDto } from './list-notifications.query';

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
  list(@Query() query: ListNotificationsQuery, @Caller() caller: Principal): Promise<Array<NotificationEntity & { read: boolean }>> {
    const own = recipientKeys(caller);
    if (query.recipient === undefined) return this.sut.list(own, caller.sub);
    if (!(own as string[]).includes(query.recipient) && caller.role !== 'operator' && caller.role !== 'staff') {
      throw forbidden({ zh: '只能查看本人或本机构的消息', en: 'you may read only your own or your institution\'s inbox' });
    }
    return this.sut.list([query.recipient], caller.sub);
  }

  @Get('unread')
  @Roles(...ROLES)
  @ApiOperation({ summary: '未读消息数（消息中心角标）/ how many of one\'s notices are unread, for the message centre badge' })
  async unread(@Caller() caller: Principal): Promise<{ count: number }> {
    return { count: await this.sut.unread(recipientKeys(caller), caller.sub) };
  }

  @Post('read')
  @HttpCode(200)
  @Roles(...ROLES)
  @ApiOperation({ summary: '标记为已读（不列编号则全部）/ mark one\'s notices read: the listed ones, or all' })
  async markRead(@Body() dto: MarkReadDto, @Caller() caller: Principal): Promise<{ marked: number; unread: number }> {
    const own = recipientKeys(caller);
    const marked = await this.sut.markRead(own, caller.sub, dto.ids);
    return { marked, unread: await this.sut.unread(own, caller.sub) };
  }
}
