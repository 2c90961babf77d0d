import { Module } from '@nestjs/common';
import { RegistryController } from './registry.controller';

/** The public register of platforms. */
@Module({ controllers: [RegistryController] })
export class RegistryModule {}
