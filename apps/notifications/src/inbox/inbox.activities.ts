import { Injectable } from '@nestjs/common';
import type { NotificationsActivities } from '@sme/contracts';
import { InboxService } from './inbox.service';

/** Activities on the `notifications` task queue. */
@Injectable()
export class InboxActivities {
  constructor(private readonly inbox: InboxService) {}

  asActivities(): NotificationsActivities {
    return {
      storeInAppNotification: (input) => this.inbox.store(input),
      // One after the other: two escalations of one kind would wait on the same digest's lock anyway.
      storeInAppNotifications: async ({ notices }) => {
        const results = [];
        for (const n of notices) results.push(await this.inbox.store(n));
        return results;
      },
    };
  }
}
