import { type DynamicModule, Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import type { RuntimeConfig } from '@sme/runtime';
import { EvidenceController } from './evidence.controller';
import { EvidenceService } from './evidence.service';
import { EVIDENCE_SCANNER, SignatureScanner } from './scanner';

/** Evidence files (第十条): uploads checked by content and scanned, content-addressed, served by rights. */
@Module({})
export class EvidenceModule {
  static forRoot(config: RuntimeConfig): DynamicModule {
    return {
      module: EvidenceModule,
      // Global: the accounts room keeps registration licences with the same checks.
      global: true,
      exports: [EvidenceService],
      // Held in memory (sniffed, scanned, hashed) up to the configured size, one file per request.
      imports: [MulterModule.register({ defParamCharset: 'utf8', limits: { fileSize: config.evidenceMaxBytes, files: 1, fields: 5, fieldSize: 1024, parts: 8 } })],
      controllers: [EvidenceController],
      providers: [EvidenceService, { provide: EVIDENCE_SCANNER, useClass: SignatureScanner }],
    };
  }
}
