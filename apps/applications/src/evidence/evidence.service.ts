import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Principal, TokenService } from '@sme/auth';
import { appendAudit, ApplicationEntity, EvidenceFileEntity } from '@sme/persistence';
import { DomainProblem, type RuntimeConfig } from '@sme/runtime';
import { DataSource } from 'typeorm';
import { RUNTIME_CONFIG } from '../tokens';
import { ContentStore } from './content-store';
import { ACCEPTED_LABELS, sniffType } from './file-types';
import { EVIDENCE_SCANNER, type EvidenceScanner } from './scanner';

export const EVIDENCE_KINDS = ['applicationForm', 'platformIntroduction', 'supportingEvidence'] as const;

const notFound = (what: string) => new DomainProblem(HttpStatus.NOT_FOUND, 'evidence-not-found', { zh: `未找到 ${what}`, en: `${what} not found` });

@Injectable()
export class EvidenceService {
  private readonly logger = new Logger(EvidenceService.name);
  private readonly store: ContentStore;
  private readonly tokens: TokenService;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) config: RuntimeConfig,
    @Inject(EVIDENCE_SCANNER) private readonly scanner: EvidenceScanner,
  ) {
    this.store = new ContentStore(config.evidenceDir);
    this.tokens = new TokenService(config.jwtSecret);
  }

  /**
   * The application, if the caller may see it: another institution's is "not found", never "forbidden". An expert
   * needs the evidence grant the scoring service issues once they declared no conflict on this application.
   */
  private async application(id: string, caller: Principal, grant?: string): Promise<ApplicationEntity> {
    const row = await this.dataSource.getRepository(ApplicationEntity).findOne({ where: { id } });
    if (!row || (caller.role === 'applicant' && row.creditCode !== caller.institution)) throw notFound(`申报 application ${id}`);
    if (caller.role === 'expert') {
      const g = grant ? this.tokens.verifyEvidenceGrant(grant) : null;
      if (!g || g.applicationId !== id || g.expertId !== caller.expertId) throw notFound(`申报 application ${id}`);
    }
    return row;
  }

  async upload(applicationId: string, kind: string, file: { originalname: string; buffer: Buffer; size: number } | undefined, caller: Principal): Promise<EvidenceFileEntity> {
    const app = await this.application(applicationId, caller);
    if (!file || file.size === 0) {
      throw new DomainProblem(HttpStatus.BAD_REQUEST, 'no-file', { zh: '请选择要上传的文件（字段 file）', en: 'attach the file as the multipart field "file"' });
    }
    const type = sniffType(file.buffer, file.originalname);
    if (!type) {
      throw new DomainProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'file-type', {
        zh: `不支持的文件类型，仅接受：${ACCEPTED_LABELS.join('、')}`,
        en: `unsupported file type; accepted: ${ACCEPTED_LABELS.join(', ')}`,
      });
    }
    const verdict = await this.scanner.scan(file.buffer);
    if (!verdict.clean) {
      this.logger.warn(`upload refused by the virus scan (${verdict.signature}) for application ${applicationId}`);
      throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'virus-found', { zh: `文件未通过病毒扫描（${verdict.signature}）`, en: `the file failed the virus scan (${verdict.signature})` });
    }
    const sha256 = await this.store.put(file.buffer);
    // Path separators and control characters never reach a download header.
    const filename = [...file.originalname.normalize('NFC')].map((c) => (c === '/' || c === '\\' || c.charCodeAt(0) < 0x20 ? '_' : c)).join('').slice(0, 200);
    return this.dataSource.transaction(async (m) => {
      const row = await m.save(
        m.create(EvidenceFileEntity, { applicationId: app.id, kind, filename, contentType: type.contentType, sizeBytes: String(file.size), sha256, uploadedBy: caller.username }),
      );
      await appendAudit(m, { actor: `user:${caller.username}`, action: 'evidence.uploaded', entityType: 'application', entityId: app.id, data: { evidenceId: row.id, kind, filename, sha256, sizeBytes: file.size } });
      return row;
    });
  }

  async list(applicationId: string, caller: Principal, grant?: string): Promise<EvidenceFileEntity[]> {
    await this.application(applicationId, caller, grant);
    return this.dataSource.getRepository(EvidenceFileEntity).find({ where: { applicationId }, order: { uploadedAt: 'ASC' } });
  }

  /** The file for download, after the same rights check as its application, and only if its bytes are intact. */
  async download(evidenceId: string, caller: Principal, grant?: string): Promise<{ meta: EvidenceFileEntity; bytes: Buffer }> {
    const meta = await this.dataSource.getRepository(EvidenceFileEntity).findOne({ where: { id: evidenceId } });
    if (!meta) throw notFound(`证明材料 evidence ${evidenceId}`);
    await this.application(meta.applicationId, caller, grant).catch(() => {
      throw notFound(`证明材料 evidence ${evidenceId}`);
    });
    const bytes = await this.store.get(meta.sha256);
    if (!bytes) {
      this.logger.error(`evidence ${evidenceId} (${meta.sha256}) is missing or altered on disk`);
      throw new DomainProblem(HttpStatus.CONFLICT, 'evidence-damaged', { zh: '文件缺失或已被篡改，请联系运维人员', en: 'the stored file is missing or altered; call an operator' });
    }
    return { meta, bytes };
  }
}
