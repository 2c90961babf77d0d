import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { ApplicationSearchHit, GlobalSearchResult, PlatformSearchHit } from '@sme/contracts';
import { ApplicationEntity, PlatformEntity } from '@sme/persistence';
import type { Repository } from 'typeorm';
import { matching, searchTerms } from '../applications/application-search';

/** The most hits of each kind one search answers. */
export const HITS_PER_KIND = 10;

/**
 * Staff's one search box: the applications and the platforms of the register whose name contains the text, whose
 * credit code starts with it, or (applications) whose id it is; each with the web path that opens it.
 */
@Injectable()
export class SearchService {
  constructor(
    @InjectRepository(ApplicationEntity) private readonly applications: Repository<ApplicationEntity>,
    @InjectRepository(PlatformEntity) private readonly platforms: Repository<PlatformEntity>,
  ) {}

  async search(q: string): Promise<GlobalSearchResult> {
    const terms = searchTerms(q);
    if (!terms) return { q, applications: [], platforms: [] };
    const [byApplication, byPlatform] = [matching('a', terms, true), matching('p', terms, false)];
    const [applications, platforms] = await Promise.all([
      this.applications
        .createQueryBuilder('a')
        .where(byApplication.sql, byApplication.params)
        .orderBy('a.createdAt', 'DESC')
        .addOrderBy('a.id', 'ASC')
        .limit(HITS_PER_KIND)
        .getMany(),
      this.platforms
        .createQueryBuilder('p')
        .where(byPlatform.sql, byPlatform.params)
        .orderBy('p.institutionName', 'ASC')
        .addOrderBy('p.creditCode', 'ASC')
        .limit(HITS_PER_KIND)
        .getMany(),
    ]);
    return {
      q,
      applications: applications.map((a): ApplicationSearchHit => ({
        id: a.id,
        creditCode: a.creditCode,
        institutionName: a.institutionName,
        callYear: a.callYear,
        submittedAt: a.createdAt.toISOString(),
        link: `/pipeline?open=${a.id}`,
      })),
      platforms: platforms.map((p): PlatformSearchHit => ({
        creditCode: p.creditCode,
        institutionName: p.institutionName,
        listYear: p.listYear,
        status: p.status,
        link: `/platforms?open=${p.creditCode}`,
      })),
    };
  }
}
