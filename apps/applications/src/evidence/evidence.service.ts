import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Principal, type ReportGrant, TokenService } from '@sme/auth';
import { ApplicationStages, type ApplicationStage } from '@sme/contracts';
import { appendAudit, ApplicationDraftEntity, ApplicationEntity, EvidenceFileEntity } from '@sme/persistence';
import { DomainProblem, type RuntimeConfig } from '@sme/runtime';
import { DataSource, type EntityManager } from 'typeorm';
import { WorkflowGateway } from '../lifecycle/workflow-gateway';
import { RUNTIME_CONFIG } from '../tokens';
import { ContentStore } from './content-store';
import { ACCEPTED_LABELS, sniffType } from './file-types';
import { EVIDENCE_SCANNER, type EvidenceScanner } from './scanner';
import { inspectZip } from './zip-limits';

/** The upload limits a screen states (GET /api/evidence/limits). */
export interface EvidenceLimits {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** The kinds of file accepted, recognised by content. */
  types: string[];
  /** Files and bytes one application may hold. */
  quotaFiles: number;
  quotaBytes: number;
}

export const EVIDENCE_KINDS = ['applicationForm', 'platformIntroduction', 'supportingEvidence'] as const;

export interface UploadedEvidence {
  originalname: string;
  buffer: Buffer;
  size: number;
}

/**
 * The stages that ask for files (第十条, 第十一条): a request for missing materials, and the wait for the site visit,
 * whose experts check the evidence on the spot. Before submission the files go to the draft; at any other stage the
 * application's files are what was checked and are kept as they are.
 */
export const UPLOAD_STAGES: readonly ApplicationStage[] = [ApplicationStages.awaitingMaterials, ApplicationStages.awaitingSiteVisit];

const notFound = (what: string) => new DomainProblem(HttpStatus.NOT_FOUND, 'evidence-not-found', { zh: `未找到 ${what}`, en: `${what} not found` });

@Injectable()
export class EvidenceService {
  private readonly logger = new Logger(EvidenceService.name);
  private readonly store: ContentStore;
  private readonly tokens: TokenService;
  private readonly quota: { files: number; bytes: number };
  private readonly maxBytes: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) config: RuntimeConfig,
    @Inject(EVIDENCE_SCANNER) private readonly scanner: EvidenceScanner,
    private readonly workflows: WorkflowGateway,
  ) {
    this.quota = { files: config.evidenceQuotaFiles, bytes: config.evidenceQuotaBytes };
    this.maxBytes = config.evidenceMaxBytes;
    this.store = new ContentStore(config.evidenceDir);
    this.tokens = new TokenService(config.jwtSecret);
  }

  /** What an upload may be, as configured here (EVIDENCE_MAX_BYTES and the quota), for the screens to say before a file is chosen. */
  limits(): EvidenceLimits {
    return { maxBytes: this.maxBytes, types: [...ACCEPTED_LABELS], quotaFiles: this.quota.files, quotaBytes: this.quota.bytes };
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

  /** The report grant an expert sends (x-evidence-grant), if it is valid: see TokenService.issueReportGrant. */
  reportGrant(token: string | undefined): ReportGrant | null {
    return token ? this.tokens.verifyReportGrant(token) : null;
  }

  /** An upload to a submitted application: only while its stage asks for files (see `UPLOAD_STAGES`). */
  async upload(applicationId: string, kind: string, file: UploadedEvidence | undefined, caller: Principal): Promise<EvidenceFileEntity> {
    const app = await this.application(applicationId, caller);
    const stage = await this.stageOf(app.id);
    if (!stage || !UPLOAD_STAGES.includes(stage)) {
      throw new DomainProblem(
        HttpStatus.CONFLICT,
        'uploads-closed',
        {
          zh: `申报当前阶段（${stage ?? '尚未开始'}）不接收材料：提交前请上传至草稿，提交后仅在补充材料或等待实地考察期间可上传`,
          en: `the application's stage (${stage ?? 'not started'}) takes no files: upload to the draft before submitting; afterwards only while materials are requested or the site visit is awaited`,
        },
        '第十条',
        { stage, uploadStages: UPLOAD_STAGES },
      );
    }
    return this.keep(file, kind, caller, { applicationId: app.id }, `application:${app.id}`);
  }

  /** An upload to a draft of the caller's institution, before it is submitted (第十条: the application's materials). */
  async uploadToDraft(draftId: string, kind: string, file: UploadedEvidence | undefined, caller: Principal): Promise<EvidenceFileEntity> {
    const draft = await this.draft(draftId, caller);
    if (draft.submittedApplicationId) {
      throw new DomainProblem(HttpStatus.CONFLICT, 'draft-submitted', {
        zh: `该草稿已提交（申报 ${draft.submittedApplicationId}），材料请在申报要求补充时上传`,
        en: `this draft was submitted (application ${draft.submittedApplicationId}); upload to the application when it asks for materials`,
      });
    }
    return this.keep(file, kind, caller, { draftId: draft.id }, `draft:${draft.id}`);
  }

  async listDraft(draftId: string, caller: Principal): Promise<EvidenceFileEntity[]> {
    const draft = await this.draft(draftId, caller);
    return this.dataSource.getRepository(EvidenceFileEntity).find({ where: { draftId: draft.id }, order: { uploadedAt: 'ASC' } });
  }

  private async draft(id: string, caller: Principal): Promise<ApplicationDraftEntity> {
    const row = await this.dataSource.getRepository(ApplicationDraftEntity).findOne({ where: { id } });
    if (!row || row.creditCode !== caller.institution) throw new DomainProblem(HttpStatus.NOT_FOUND, 'draft-not-found', { zh: `未找到草稿 ${id}`, en: `draft ${id} not found` });
    return row;
  }

  /** The application's stage as its workflow answers it (503 when it does not answer); null when not started yet. */
  private stageOf(applicationId: string): Promise<ApplicationStage | null> {
    return this.workflows.applicationStage(applicationId);
  }

  /** Checks an uploaded file: present, a known type by its bytes, no zip bomb, clean. Returns its type and a safe file name. */
  private async check(file: UploadedEvidence | undefined, lockKey: string): Promise<{ file: UploadedEvidence; contentType: string; filename: string }> {
    if (!file) {
      throw new DomainProblem(HttpStatus.BAD_REQUEST, 'no-file', { zh: '请选择要上传的文件（字段 file）', en: 'attach the file as the multipart field "file"' });
    }
    if (file.size === 0) throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'empty-file', { zh: '文件为空，请重新选择', en: 'the file is empty: attach it again' });
    const type = sniffType(file.buffer, file.originalname);
    if (!type) {
      throw new DomainProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'file-type', {
        zh: `不支持的文件类型，仅接受：${ACCEPTED_LABELS.join('、')}`,
        en: `unsupported file type; accepted: ${ACCEPTED_LABELS.join(', ')}`,
      });
    }
    if (type.zip) {
      // An Office document is a ZIP: a zip bomb is refused from its directory, before the virus scan or any reader
      // inflates it. 422 rather than 413: the upload itself is within the size limit; its content is what is refused.
      const archive = await inspectZip(file.buffer);
      if (!archive.ok) {
        this.logger.warn(`upload refused as an archive (${archive.reason}) for ${lockKey}`);
        throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'archive-refused', { zh: archive.zh, en: archive.en }, undefined, { reason: archive.reason });
      }
    }
    const verdict = await this.scanner.scan(file.buffer);
    if (!verdict.clean) {
      this.logger.warn(`upload refused by the virus scan (${verdict.signature}) for ${lockKey}`);
      throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'virus-found', { zh: `文件未通过病毒扫描（${verdict.signature}）`, en: `the file failed the virus scan (${verdict.signature})` });
    }
    // Path separators and control characters never reach a download header.
    const filename = [...file.originalname.normalize('NFC')].map((c) => (c === '/' || c === '\\' || c.charCodeAt(0) < 0x20 ? '_' : c)).join('').slice(0, 200);
    return { file, contentType: type.contentType, filename };
  }

  /**
   * Checks the file, then keeps it within the owner's quota: the files of an application and of the draft it came
   * from count together. The owner's lock makes the quota hold under races.
   */
  private async keep(upload: UploadedEvidence | undefined, kind: string, caller: Principal, owner: { applicationId: string } | { draftId: string }, lockKey: string): Promise<EvidenceFileEntity> {
    const { file, contentType, filename } = await this.check(upload, lockKey);
    return this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`evidence:${lockKey}`]);
      await this.checkQuota(m, owner, file.size);
      const sha256 = await this.store.put(file.buffer);
      const row = await m.save(
        m.create(EvidenceFileEntity, { applicationId: null, draftId: null, ...owner, kind, filename, contentType, sizeBytes: String(file.size), sha256, uploadedBy: caller.username }),
      );
      const [entityType, entityId] = 'applicationId' in owner ? ['application', owner.applicationId] : ['application_draft', owner.draftId];
      await appendAudit(m, { actor: `user:${caller.username}`, action: 'evidence.uploaded', entityType, entityId, data: { evidenceId: row.id, kind, filename, sha256, sizeBytes: file.size } });
      return row;
    });
  }

  private async checkQuota(m: EntityManager, owner: { applicationId: string } | { draftId: string }, adding: number): Promise<void> {
    const [used] = (await m.query(
      'applicationId' in owner
        ? `SELECT count(*)::int AS files, coalesce(sum(size_bytes), 0)::bigint AS bytes FROM applications.evidence_file
           WHERE application_id = $1 OR draft_id = (SELECT id FROM applications.application_draft WHERE submitted_application_id = $1)`
        : `SELECT count(*)::int AS files, coalesce(sum(size_bytes), 0)::bigint AS bytes FROM applications.evidence_file WHERE draft_id = $1`,
      ['applicationId' in owner ? owner.applicationId : owner.draftId],
    )) as Array<{ files: number; bytes: string }>;
    const files = used!.files;
    const bytes = Number(used!.bytes);
    if (files + 1 > this.quota.files || bytes + adding > this.quota.bytes) {
      const mib = (n: number) => (n / 1024 / 1024).toFixed(1);
      throw new DomainProblem(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'evidence-quota',
        {
          zh: `每份申报最多 ${this.quota.files} 个文件、共 ${mib(this.quota.bytes)} MB；已有 ${files} 个、${mib(bytes)} MB`,
          en: `an application holds at most ${this.quota.files} files and ${mib(this.quota.bytes)} MB in all; it has ${files} files, ${mib(bytes)} MB`,
        },
        '第十条',
        { quota: this.quota, used: { files, bytes } },
      );
    }
  }

  async list(applicationId: string, caller: Principal, grant?: string): Promise<EvidenceFileEntity[]> {
    await this.application(applicationId, caller, grant);
    return this.dataSource.getRepository(EvidenceFileEntity).find({ where: { applicationId }, order: { uploadedAt: 'ASC' } });
  }

  /** The file for download, after the same rights check as its application, and only if its bytes are intact. */
  async download(evidenceId: string, caller: Principal, grant?: string): Promise<{ meta: EvidenceFileEntity; bytes: Buffer }> {
    const meta = await this.dataSource.getRepository(EvidenceFileEntity).findOne({ where: { id: evidenceId } });
    if (!meta) throw notFound(`证明材料 evidence ${evidenceId}`);
    const owner = meta.applicationId ? this.application(meta.applicationId, caller, grant) : this.draft(meta.draftId!, caller);
    await owner.catch(() => {
      throw notFound(`证明材料 evidence ${evidenceId}`);
    });
    const bytes = await this.store.get(meta.sha256);
    if (!bytes) {
      this.logger.error(`evidence ${evidenceId} (${meta.sha256}) is missing or altered on disk`);
      throw new DomainProblem(HttpStatus.CONFLICT, 'evidence-damaged', { zh: '文件缺失或已被篡改，请联系运维人员', en: 'the stored file is missing or altered; call an operator' });
    }
    return { meta, bytes };
  }

  /**
   * Keeps a document that belongs to no application (an institution's business licence at registration): checked and
   * scanned like evidence, stored content-addressed; the caller records the digest.
   */
  async keepDocument(upload: UploadedEvidence | undefined, lockKey: string): Promise<{ sha256: string; filename: string; contentType: string }> {
    const { file, contentType, filename } = await this.check(upload, lockKey);
    return { sha256: await this.store.put(file.buffer), filename, contentType };
  }

  /** A stored document's bytes, verified against its digest (null when missing or altered). */
  readDocument(sha256: string): Promise<Buffer | null> {
    return this.store.get(sha256);
  }
}
