import { Module } from '@nestjs/common';
import { LifecycleActivitiesService } from './lifecycle.activities';

/** The activities the lifecycle workflows call on this service: eligibility, the registry, awards, indicators. */
@Module({ providers: [LifecycleActivitiesService], exports: [LifecycleActivitiesService] })
export class LifecycleModule {}
