import { Injectable } from '@nestjs/common';
import type { NotificationsActivities } from '@sme/contracts';
import { InboxService } from './inbox.service';

/** Activities on the `notifications` task queue. */
@Injectable()
export class InboxActivities {
  constructor(private readonly inbox: InboxService) {}

  asActivities(): NotificationsActivities {
    return { storeInAppNotification: (input) => this.inbox.store(input) };
  }
}
