import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsCreditCode } from '@sme/runtime';

export class ExtendDeadlineDto {
  @ApiProperty({ example: '2027-01-15', description: '新的截止日期（须晚于原日期）/ the new last day, after the current one' })
  @IsISO8601({ strict: true })
  closesOn!: string;

  @ApiProperty({ example: '春节前后材料准备时间不足' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason!: string;
}

export class CandidateListDto {
  @ApiPropertyOptional({ example: [], description: '从名单中剔除的机构（不递补）/ institutions left off the list (nobody is promoted)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsCreditCode({ each: true })
  exclude?: string[];
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
