import { HttpStatus, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DEV_EXPERT_ID } from '@sme/auth';
import { appendAudit, ExpertEntity } from '@sme/persistence';
import { DomainProblem, type RuntimeConfig } from '@sme/runtime';
import { DataSource } from 'typeorm';
import { RUNTIME_CONFIG } from '../tokens';
import type { CreateExpertDto } from './create-expert.dto';

@Injectable()
export class ExpertService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ExpertService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  /** The seeded expert user's pool entry (development only, like the user). */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDevUsers) return;
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(ExpertEntity)
      .values({ id: DEV_EXPERT_ID, name: '陈教授（演示）', employerCreditCode: null, employerName: '厦门大学（演示）', fields: ['技术服务', '创业服务'], relationships: [] })
      .orIgnore()
      .execute();
    this.logger.log(`development expert ${DEV_EXPERT_ID} present`);
  }

  async create(dto: CreateExpertDto, actor: string): Promise<ExpertEntity> {
    return this.dataSource.transaction(async (m) => {
      const row = await m.save(
        m.create(ExpertEntity, {
          name: dto.name,
          employerCreditCode: dto.employerCreditCode?.toUpperCase() ?? null,
          employerName: dto.employerName ?? null,
          fields: dto.fields,
          relationships: (dto.relationships ?? []).map((r) => ({ creditCode: r.creditCode.toUpperCase(), nature: r.nature })),
        }),
      );
      await appendAudit(m, { actor: `user:${actor}`, action: 'expert.added', entityType: 'expert', entityId: row.id, data: { name: row.name, employer: row.employerCreditCode } });
      return row;
    });
  }

  list(): Promise<ExpertEntity[]> {
    return this.dataSource.getRepository(ExpertEntity).find({ order: { createdAt: 'ASC' }, take: 1000 });
  }

  async get(id: string): Promise<ExpertEntity> {
    const row = await this.dataSource.getRepository(ExpertEntity).findOne({ where: { id } });
    if (!row) throw new DomainProblem(HttpStatus.NOT_FOUND, 'expert-not-found', { zh: `未找到专家 ${id}`, en: `expert ${id} not found` });
    return row;
  }
}
