import { Module } from '@nestjs/common';
import { RulesModule } from '../rules/rules.module';
import { OperationsController } from './operations.controller';
import { OperationsService } from './operations.service';

/** The operators' overview of the running system. */
@Module({ imports: [RulesModule], controllers: [OperationsController], providers: [OperationsService], exports: [OperationsService] })
export class OperationsModule {}
