import { PlatformActivities } from './platform.activities';
import { Module } from '@nestjs/common';
import { PlatformImportController } from './platform-import.controller';
import { PlatformImportService } from './platform-import.service';
import { PlatformController, PlatformListController } from './platform.controller';
import { PlatformService } from './platform.service';
import { RulesModule } from '../rules/rules.module';

/** Recognised platforms: late reports, revocation, recommendations (第十五条至第十七条), and imports of earlier ones. */
@Module({ imports: [RulesModule], controllers: [PlatformImportController, PlatformListController, PlatformController], providers: [PlatformService, PlatformImportService, PlatformActivities], exports: [PlatformActivities, PlatformService] })
export class PlatformsModule {}
