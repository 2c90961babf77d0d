import { Module } from '@nestjs/common';
import { NoticeController } from './notice.controller';
import { NoticeActivities } from './notice.activities';
import { NoticeService } from './notice.service';

/** The public notice and its objections (第十三条). */
@Module({ controllers: [NoticeController], providers: [NoticeService, NoticeActivities], exports: [NoticeService, NoticeActivities] })
export class NoticesModule {}
