import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IsCreditCode } from '@sme/runtime';

/** Staff name the evaluation's experts (第十九条); each platform gets those of them without a conflict with it (第十二条). */
export class AssignEvaluationPanelDto {
  @ApiProperty({ example: ['00000000-0000-4000-8000-00000000e001'], description: '评分专家（专家库中的在用专家，不得重复）/ distinct active experts of the pool' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @IsUUID('4', { each: true })
  expertIds!: string[];

  @ApiPropertyOptional({ example: [], description: '只为这些示范平台指派（默认：尚无评分专家的全部示范平台）/ only these platforms (default: every platform without a panel yet)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @IsCreditCode({ each: true })
  creditCodes?: string[];
}

/** An expert's score on a platform's qualitative indicators (第九条): 0-100, at most two places. */
export class EvaluationScoreDto {
  @ApiProperty({ example: '86.5', description: '定性指标得分（0-100，最多两位小数）/ the score, 0-100 with at most two places' })
  @IsString()
  @Matches(/^(100(\.0{1,2})?|\d{1,2}(\.\d{1,2})?)$/, { message: '分数须为0至100，最多两位小数 / a score is 0-100 with at most two places, e.g. "86.5"' })
  score!: string;

  @ApiPropertyOptional({ example: '线上线下融合服务成效明显。', description: '评分意见 / the expert\'s comment' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}
