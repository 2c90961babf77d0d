import { Module } from '@nestjs/common';
import { ApplicationActivities } from './application.activities';
import { ApplicationController } from './application.controller';
import { ApplicationExportController } from './application-export.controller';
import { ApplicationService } from './application.service';
import { DraftController } from './draft.controller';
import { DraftService } from './draft.service';
import { ReceiptController } from './receipt/receipt.controller';
import { ReceiptService } from './receipt/receipt.service';

/** Applications and their drafts (第十条), their printed receipts and summaries, with the completeness activity the workflows call. */
@Module({
  controllers: [ApplicationExportController, ApplicationController, DraftController, ReceiptController],
  providers: [ApplicationService, DraftService, ReceiptService, ApplicationActivities],
  exports: [ApplicationActivities],
})
export class ApplicationsModule {}
