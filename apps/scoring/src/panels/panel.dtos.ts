import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsOptional, Matches, IsString, IsUUID, Max, MaxLength, Min, registerDecorator, type ValidationArguments } from 'class-validator';
import { plainDecimal } from '@sme/policy';
import { IsCreditCode } from '@sme/runtime';

const MAX_CRITERIA = 50;

/**
 * What is wrong with a body's `scores`, as bilingual sentences; empty when it is an object of criterion -> score
 * whose every score is a JSON number or a decimal string (8.2 or "8.2"). Whether a score has at most two places
 * and stays within its criterion's maximum is the rubric's question (第十二条), answered by the service.
 */
export function scoreRecordProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return ['评分须为“评分项: 分数”的对象 / scores must be an object of criterion -> score'];
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return ['评分不能为空 / scores must name the rubric criteria'];
  if (entries.length > MAX_CRITERIA) return [`评分项不能超过 ${MAX_CRITERIA} 个 / at most ${MAX_CRITERIA} criteria`];
  return entries
    .filter(([, v]) => plainDecimal(v) === null)
    .map(([k, v]) => `scores.${k} 须为数字或十进制数字字符串，收到 ${JSON.stringify(v) ?? String(v)} / scores.${k} must be a number or a decimal string such as 8.2 or "8.2", got ${JSON.stringify(v) ?? String(v)}`);
}

/** Validates `scores` with `scoreRecordProblems`: a non-numeric score is refused with a 400 naming it. */
function IsScoreRecord(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isScoreRecord',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => scoreRecordProblems(value).length === 0,
        defaultMessage: (args?: ValidationArguments) => scoreRecordProblems(args?.value).join('; '),
      },
    });
  };
}

export class AssignPanelDto {
  @ApiProperty({
    example: ['00000000-0000-4000-8000-00000000e001'],
    description: '专家（不得重复，人数不少于政策版本的 panel.minExperts，第十二条）/ distinct experts of the pool, at least the policy version\'s panel.minExperts (Art. 12)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(15)
  @IsUUID('4', { each: true })
  expertIds!: string[];

  @ApiProperty({ example: [], description: '申报单位的合作机构（用于回避检查）/ the applicant\'s partner institutions, for the conflict check' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsCreditCode({ each: true })
  partnerCreditCodes!: string[];

  @ApiProperty({ example: 5, description: '评分期限（天）/ days the experts have to score' })
  @IsInt()
  @Min(1)
  @Max(60)
  dueInDays!: number;
}

export class DeclarationDto {
  @ApiProperty({ example: true, description: '本人与申报单位及其合作机构无利益关系 / I have no conflict of interest' })
  @IsBoolean()
  noConflict!: boolean;

  @ApiPropertyOptional({ example: '与申报单位无任职、顾问、持股关系。' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  statement?: string;
}

/** Staff put another expert in a recused or late one's place (第十二条). */
export class ReplaceExpertDto {
  @ApiProperty({ example: '00000000-0000-4000-8000-00000000e002', description: '替换专家（专家库中的在用专家）/ the expert taking over, from the pool' })
  @IsUUID()
  expertId!: string;

  @ApiProperty({ example: '原专家声明回避', description: '更换理由 / why' })
  @IsString()
  @Matches(/\S/, { message: '须写明更换理由 / reason must not be blank' })
  @MaxLength(500)
  reason!: string;
}

export class SubmitScoreDto {
  @ApiProperty({
    example: { performance: 20, capability: 18, management: 12, staff: 8, functions: 16, innovation: 7 },
    description:
      '按评分细则逐项打分（政策版本的细则），每项为数字或十进制数字字符串，最多两位小数 / a score per rubric criterion of the policy version: a number or a decimal string with at most two places',
    type: 'object',
    minProperties: 1,
    maxProperties: MAX_CRITERIA,
    // Which criteria, and each one's maximum, are the rubric's (422 when a score breaks it); no criterion is worth more
    // than the whole rubric's 100 points, so a larger number breaks the schema (1e21 would print in exponent form).
    additionalProperties: { oneOf: [{ type: 'number', minimum: 0, maximum: 100, multipleOf: 0.01 }, { type: 'string', pattern: '^\\d+(\\.\\d+)?$' }] },
  })
  @IsScoreRecord()
  scores!: Record<string, number | string>;
}

export class RankingQuery {
  @ApiPropertyOptional({ example: 10, description: '覆盖年度名额（默认取年度申报流程的名额）/ override the call\'s quota' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  quota?: number;
}
