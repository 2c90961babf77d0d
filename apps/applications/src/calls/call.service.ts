import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { CallEntity } from '@sme/persistence';
import { DomainProblem } from '@sme/runtime';
import type { Repository } from 'typeorm';
import type { UpsertCallDto } from './upsert-call.dto';

@Injectable()
export class CallService {
  constructor(@InjectRepository(CallEntity) private readonly calls: Repository<CallEntity>) {}

  list(): Promise<CallEntity[]> {
    return this.calls.find({ order: { year: 'DESC' } });
  }

  /** Creates or replaces the call of a year (idempotent: the demo seed calls it on every start). */
  async upsert(year: number, dto: UpsertCallDto): Promise<CallEntity> {
    if (dto.closesOn < dto.opensOn) {
      throw new DomainProblem(HttpStatus.BAD_REQUEST, 'call-dates', {
        zh: '截止日期不能早于开始日期',
        en: 'closesOn must not be before opensOn',
      });
    }
    await this.calls.upsert({ year, ...dto }, ['year']);
    return this.calls.findOneByOrFail({ year });
  }
}
