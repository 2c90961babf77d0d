import { HttpStatus, Injectable } from '@nestjs/common';
import {
  annualReportDeadline,
  checkCreditCode,
  checkEligibility,
  classifyEnterprise,
  type CreditCodeCheck,
  type DayInfo,
  type DeadlineResult,
  type EligibilityResult,
  type EnterpriseSizeResult,
  type NoticePeriod,
  POLICIES,
  PolicyInputError,
  publicNoticePeriod,
  type PolicyRegistry,
  type PolicyVersion,
  type WorkingDayCalendar,
} from '@sme/policy';
import { DomainProblem, ValidationProblem } from '@sme/runtime';
import { CalendarService } from './calendar.service';
import { checkedFacts } from './checked-facts';
import type { ClassifyEnterpriseDto } from './classify-enterprise.dto';
import type { EligibilityCheckDto } from './eligibility-check.dto';

/** A field the document accepts but a rule refuses (a date no policy version covers, an unknown industry code): 422. */
const bad = (field: string, zh: string, en: string): ValidationProblem =>
  new ValidationProblem([{ field, reason: { zh: `字段 ${field} 无效：${zh}`, en } }], 422);

/** The public self-service rules: libs/policy behind HTTP, with refusals as problem details. */
@Injectable()
export class RulesService {
  private readonly policies: PolicyRegistry = POLICIES;

  constructor(private readonly calendars: CalendarService) {}

  private get calendar(): WorkingDayCalendar {
    return this.calendars.calendar;
  }

  checkEligibility(dto: EligibilityCheckDto): EligibilityResult & { creditCode: CreditCodeCheck } {
    const { policyVersion, ...given } = dto;
    // The DTO has checked the shape; checkedFacts checks the facts again (credit code, counts, staff) exactly as
    // the application submission does.
    const facts = checkedFacts(given);
    const policy = this.policyFor(policyVersion, facts.applicationDate);
    return { ...checkEligibility(facts, policy), creditCode: checkCreditCode(facts.institution.creditCode) };
  }

  classify(dto: ClassifyEnterpriseDto): EnterpriseSizeResult {
    try {
      return classifyEnterprise(dto);
    } catch (err) {
      if (err instanceof PolicyInputError) throw bad(err.field, err.reason.zh, err.reason.en);
      throw err;
    }
  }

  day(date: string): DayInfo {
    return this.calendar.day(date);
  }

  /**
   * The public notice (第十三条) published on `published` under the policy version in force that day: its length
   * (unless `days` is given) and its day 1 come from the version.
   */
  noticePeriod(published: string, days?: number): NoticePeriod & { policyVersion: string } {
    let policy: PolicyVersion;
    try {
      policy = this.policies.inForceOn(published);
    } catch {
      throw bad('published', `${published} 无生效的政策版本`, `no policy version is in force on ${published}`);
    }
    const period = days === undefined ? publicNoticePeriod(published, this.calendar, policy) : this.calendar.noticePeriod(published, days, policy.periods.noticeDayOne);
    return { ...period, policyVersion: policy.id };
  }

  reportDeadline(year: number): DeadlineResult & { reportYear: number; policyVersion: string } {
    const policy = this.policies.forCallYear(year + 1);
    return { reportYear: year, policyVersion: policy.id, ...annualReportDeadline(year, this.calendar, policy) };
  }

  coveredYears(): number[] {
    return this.calendar.coveredYears();
  }

  creditCode(code: string): CreditCodeCheck {
    return checkCreditCode(code);
  }

  policiesList(): PolicyVersion[] {
    return this.policies.list();
  }

  policy(id: string): PolicyVersion {
    const found = this.policies.find(id);
    if (!found) {
      throw new DomainProblem(HttpStatus.NOT_FOUND, 'policy-not-found', { zh: `未找到政策版本 ${id}`, en: `no policy version ${id}` });
    }
    return found;
  }

  private policyFor(id: string | undefined, date: string): PolicyVersion {
    if (id) {
      const found = this.policies.find(id);
      if (!found) throw bad('policyVersion', `未知的政策版本 ${id}`, `unknown policy version ${id}`);
      return found;
    }
    try {
      return this.policies.inForceOn(date);
    } catch {
      throw bad('applicationDate', `${date} 无生效的政策版本`, `no policy version is in force on ${date}`);
    }
  }
}
