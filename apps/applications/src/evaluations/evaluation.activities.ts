import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { LifecycleActivities, PlatformDue } from '@sme/contracts';
import { PlatformAwardEntity, PlatformEntity } from '@sme/persistence';
import { type DataSource, LessThan, type Repository } from 'typeorm';

/** The annual evaluation's activities on the `applications` queue (第十九条): who is evaluated, with what. */
@Injectable()
export class EvaluationActivities {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(PlatformEntity) private readonly platforms: Repository<PlatformEntity>,
  ) {}

  asActivities(): Pick<LifecycleActivities, 'listPlatformsDue' | 'collectIndicators'> {
    return { listPlatformsDue: (i) => this.listPlatformsDue(i), collectIndicators: (i) => this.collectIndicators(i) };
  }

  /** Platforms evaluated for `year`: listed before it (第十九条), holding a title valid at its start and not ended since. */
  async listPlatformsDue({ year }: { year: number }): Promise<PlatformDue[]> {
    const rows = await this.platforms.find({ where: { listYear: LessThan(year), status: 'valid' }, order: { creditCode: 'ASC' } });
    return rows
      .filter((r) => r.validThrough >= `${year}-01-01`)
      .map((r) => ({ creditCode: r.creditCode, institutionName: r.institutionName, listYear: r.listYear }));
  }
  /**
   * What the registry knows of a platform for the evaluation. The Annex 3 indicators from the annual reports
   * (SMEs served, satisfaction, activities) join when the services keep the reports.
   */
  async collectIndicators({ year, creditCode }: { year: number; creditCode: string }): Promise<{ creditCode: string; indicators: Record<string, string> }> {
    const p = await this.platforms.findOneByOrFail({ creditCode });
    const awards = await this.dataSource.getRepository(PlatformAwardEntity).countBy({ creditCode });
    return {
      creditCode,
      indicators: { evaluatedYear: String(year), listYear: String(p.listYear), awardedOn: p.awardedOn, validThrough: p.validThrough, awards: String(awards) },
    };
  }}
