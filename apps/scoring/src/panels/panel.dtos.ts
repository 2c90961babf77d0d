import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsCreditCode } from '@sme/runtime';

export class AssignPanelDto {
  @ApiProperty({ example: ['00000000-0000-4000-8000-00000000e001'], description: '专家（不得重复）/ distinct experts of the pool' })
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

export class SubmitScoreDto {
  @ApiProperty({
    example: { performance: 20, capability: 18, management: 12, staff: 8, functions: 16, innovation: 7 },
    description: '按评分细则逐项打分（政策版本的细则）/ a score per rubric criterion of the policy version',
  })
  @IsObject()
  scores!: Record<string, number>;
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
