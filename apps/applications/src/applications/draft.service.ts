import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Principal } from '@sme/auth';
import { ApplicationDraftEntity } from '@sme/persistence';
import { DomainProblem, flattenValidationErrors, ValidationProblem } from '@sme/runtime';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource } from 'typeorm';
import { type ApplicationView, ApplicationService } from './application.service';
import { CreateApplicationDto } from './create-application.dto';
import type { CreateDraftDto, SaveDraftDto } from './draft.dtos';

/** A draft holds at most this much JSON: a form, not a place for files (evidence has its own store). */
const MAX_DRAFT_BYTES = 256 * 1024;

@Injectable()
export class DraftService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly applications: ApplicationService,
  ) {}

  private checkSize(content: Record<string, unknown>): void {
    if (Buffer.byteLength(JSON.stringify(content)) > MAX_DRAFT_BYTES) {
      throw new ValidationProblem([{ field: 'content', reason: { zh: '字段 content 无效：草稿超过 256 KB', en: 'the draft is larger than 256 KB' } }]);
    }
  }

  /** A draft of the caller's institution ("not found" for anyone else's). */
  async get(id: string, caller: Principal): Promise<ApplicationDraftEntity> {
    const row = await this.dataSource.getRepository(ApplicationDraftEntity).findOne({ where: { id } });
    if (!row || row.creditCode !== caller.institution) {
      throw new DomainProblem(HttpStatus.NOT_FOUND, 'draft-not-found', { zh: `未找到草稿 ${id}`, en: `draft ${id} not found` });
    }
    return row;
  }

  list(caller: Principal): Promise<ApplicationDraftEntity[]> {
    return this.dataSource.getRepository(ApplicationDraftEntity).find({ where: { creditCode: caller.institution! }, order: { updatedAt: 'DESC' }, take: 50 });
  }

  create(dto: CreateDraftDto, caller: Principal): Promise<ApplicationDraftEntity> {
    this.checkSize(dto.content);
    const repo = this.dataSource.getRepository(ApplicationDraftEntity);
    return repo.save(repo.create({ creditCode: caller.institution!, callYear: dto.callYear, content: dto.content, updatedBy: caller.username }));
  }

  async save(id: string, dto: SaveDraftDto, caller: Principal): Promise<ApplicationDraftEntity> {
    this.checkSize(dto.content);
    const row = await this.get(id, caller);
    if (row.submittedApplicationId) throw new DomainProblem(HttpStatus.CONFLICT, 'draft-submitted', { zh: '该草稿已提交，不能再修改', en: 'this draft was submitted and is read-only' });
    const updated = await this.dataSource
      .createQueryBuilder()
      .update(ApplicationDraftEntity)
      .set({ content: dto.content, updatedBy: caller.username, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id AND version = :version AND submitted_application_id IS NULL', { id, version: dto.version })
      .execute();
    if (!updated.affected) {
      throw new DomainProblem(HttpStatus.CONFLICT, 'draft-changed', {
        zh: '草稿已在别处修改，请刷新后再保存',
        en: 'the draft changed since you opened it; reload before saving',
      });
    }
    return this.get(id, caller);
  }

  /** Checks the draft as a whole application (every field error at once), then submits it exactly once. */
  async submit(id: string, caller: Principal): Promise<ApplicationView> {
    const row = await this.get(id, caller);
    const dto = plainToInstance(CreateApplicationDto, { ...row.content, creditCode: row.creditCode, callYear: row.callYear });
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) throw new ValidationProblem(flattenValidationErrors(errors));
    return this.applications.submit(dto, caller, row.id);
  }
}
