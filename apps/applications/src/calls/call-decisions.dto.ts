import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { IsCreditCode, IsCalendarDate } from '@sme/runtime';

export class ExtendDeadlineDto {
  @ApiProperty({ example: '2027-01-15', description: '新的截止日期（须晚于原日期）/ the new last day, after the current one' })
  @IsCalendarDate()
  closesOn!: string;

  @ApiProperty({ example: '春节前后材料准备时间不足' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}

/** One institution staff leave off the candidate list, and why: an exclusion without its reason is refused. */
export class ExclusionDto {
  @ApiProperty({ example: '91350200MA8DEM018T' })
  @IsCreditCode()
  creditCode!: string;

  @ApiProperty({ example: '公示前查实申报材料不实', description: '剔除理由（必填）/ the reason (required)' })
  @IsString()
  @Matches(/\S/, { message: '剔除须写明理由 / reason must say why the institution is left off' })
  @MaxLength(1000)
  reason!: string;
}

export class CandidateListDto {
  @ApiPropertyOptional({
    type: [ExclusionDto],
    example: [],
    description: '从名单中剔除的机构及理由（不递补）/ institutions left off the list, each with its reason (nobody is promoted)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique((e: ExclusionDto) => (typeof e?.creditCode === 'string' ? e.creditCode.toUpperCase() : e), { message: '同一机构只能剔除一次 / exclude each institution once' })
  @ValidateNested({ each: true, message: '每项剔除须写明机构及理由 {creditCode, reason} / each exclusion is {creditCode, reason}' })
  @Type(() => ExclusionDto)
  exclude?: ExclusionDto[];
}

export class InternalReviewDto {
  @ApiProperty({ enum: ['approve', 'send_back', 'reject'], description: '第十三条 内部审核 / internal review (Art. 13)' })
  @IsIn(['approve', 'send_back', 'reject'])
  decision!: 'approve' | 'send_back' | 'reject';

  @ApiPropertyOptional({ example: '排名第3的机构材料需复核', description: '退回或不予通过时必填 / required to send back or reject' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}
