import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { LifecycleActivities, PublicNoticeRecord } from '@sme/contracts';
import { PublicNoticeEntity } from '@sme/persistence';
import type { DataSource } from 'typeorm';

/** The notice workflow's record of a notice (第十三条) on the `applications` queue, kept for the open data and the feed. */
@Injectable()
export class NoticeActivities {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  asActivities(): Pick<LifecycleActivities, 'recordNotice'> {
    return { recordNotice: (n) => this.recordNotice(n) };
  }

  /** Upserts the notice: a retried or repeated record writes the same row; a closed notice is not reopened. */
  async recordNotice(n: PublicNoticeRecord): Promise<void> {
    const row = {
      noticeId: n.noticeId,
      callYear: n.callYear,
      published: n.published,
      start: n.start,
      end: n.end,
      endsAt: new Date(n.endsAt),
      provisional: n.provisional,
      candidates: n.candidates,
      objections: n.objections,
      ...(n.outcome ? { confirmed: n.outcome.confirmed, removed: n.outcome.removed, closedAt: new Date() } : {}),
    };
    await this.dataSource.transaction(async (m) => {
      const existing = await m.findOne(PublicNoticeEntity, { where: { noticeId: n.noticeId }, lock: { mode: 'pessimistic_write' } });
      if (!existing) await m.insert(PublicNoticeEntity, row);
      else if (!existing.closedAt) await m.update(PublicNoticeEntity, { noticeId: n.noticeId }, row);
    });
  }
}
