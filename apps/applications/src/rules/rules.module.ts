import { CalendarActivities } from './calendar.activities';
import { Module } from '@nestjs/common';
import { CalendarService } from './calendar.service';
import { RulesController } from './rules.controller';
import { RulesService } from './rules.service';

/** The rules in public: eligibility self-check, enterprise size, the working-day calendar, policy versions. */
@Module({ controllers: [RulesController], providers: [RulesService, CalendarService, CalendarActivities], exports: [CalendarService, CalendarActivities] })
export class RulesModule {}
