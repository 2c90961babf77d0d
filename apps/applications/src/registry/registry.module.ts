import { Module } from '@nestjs/common';
import { OpenDataController } from './open-data.controller';
import { OpenDataService } from './open-data.service';
import { RegisterService } from './register.service';
import { RegistryController } from './registry.controller';

/** The public register of platforms, and the open data: downloads of the register and the notices, and their feed. */
@Module({ controllers: [RegistryController, OpenDataController], providers: [OpenDataService, RegisterService] })
export class RegistryModule {}
