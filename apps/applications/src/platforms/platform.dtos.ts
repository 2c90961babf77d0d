import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsNotEmpty, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsCreditCode } from '@sme/runtime';
import type { PlatformStage } from '@sme/contracts';

export class CreditCodeParam {
  @ApiProperty({ example: '91350200MA2Y0001XE', description: '示范平台统一社会信用代码 / the platform\'s credit code' })
  @IsCreditCode()
  creditCode!: string;
}

export class RevokeDto {
  @ApiProperty({ example: '经查实存在违规收费行为' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;

  @ApiProperty({ example: '第十七条', description: '依据条款 / the article' })
  @IsString()
  @Matches(/^第[一二三四五六七八九十]+条/, { message: 'article names an article of the measure, e.g. 第十七条' })
  @MaxLength(40)
  article!: string;
}

export class LateReportDecisionDto {
  @ApiProperty({ example: 2026 }) @IsInt() @Min(2000) @Max(2200) reportYear!: number;
  @ApiProperty({
    enum: ['keep_chasing', 'excuse', 'propose_revocation', 'revoke'],
    description: '继续催报、免报或建议撤销；撤销由市工信局决定（第十七条），revoke 被拒绝 / keep chasing, excuse, or propose revocation; revoke is refused: the bureau decides',
  })
  @IsIn(['keep_chasing', 'excuse', 'propose_revocation', 'revoke'])
  decision!: 'keep_chasing' | 'excuse' | 'propose_revocation' | 'revoke';
  @ApiProperty({ example: '已电话催报' }) @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
}

export class RevocationDecisionDto {
  @ApiProperty({ enum: ['accept', 'reject'], description: '采纳（撤销称号）或不予采纳 / accept (revoke the title) or reject' })
  @IsIn(['accept', 'reject'])
  decision!: 'accept' | 'reject';

  @ApiProperty({ example: '连续两年未报送年度报告，经核实无正当理由' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;

  @ApiPropertyOptional({ example: '第十七条', description: '撤销依据条款（默认取建议的条款）/ the article (default: the proposal\'s)' })
  @IsOptional()
  @IsString()
  @Matches(/^第[一二三四五六七八九十]+条/, { message: 'article names an article of the measure, e.g. 第十七条' })
  @MaxLength(40)
  article?: string;
}

export class RecommendationDto {
  @ApiProperty({ enum: ['province', 'nation'], description: '推荐级别（第十六条）/ level (Art. 16)' }) @IsIn(['province', 'nation']) level!: 'province' | 'nation';
  @ApiProperty({ example: 2027 }) @IsInt() @Min(2000) @Max(2200) year!: number;
  @ApiPropertyOptional({ example: '推荐申报省级示范平台' }) @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

/** Every stage a platform's workflow publishes: a stage added to PlatformStage and not here fails to compile. */
const STAGES: Record<PlatformStage, true> = {
  active: true, report_due: true, report_late: true, rectifying: true, revocation_proposed: true, awaiting_renewal: true, revoked: true, lapsed: true,
};
const PLATFORM_STAGES = Object.keys(STAGES) as PlatformStage[];

export class PlatformListQuery {
  @ApiPropertyOptional({ enum: PLATFORM_STAGES, description: '按状态筛选，如 report_late（年报逾期）/ only platforms in this stage' })
  @IsOptional()
  @IsIn(PLATFORM_STAGES)
  stage?: PlatformStage;
}

/** The platform's rectification report (第十九条 整改). */
export class RectificationReportDto {
  @ApiProperty({ example: '已补充服务人员3名，建立满意度回访制度……', description: '整改报告 / the rectification report' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20_000)
  text!: string;
}

export class RectificationDecisionDto {
  @ApiProperty({ enum: ['close', 'escalate'], description: '整改通过（结案）或未通过（提出撤销建议，由市工信局决定）/ close the case, or escalate it as a proposal to revoke' })
  @IsIn(['close', 'escalate'])
  decision!: 'close' | 'escalate';

  @ApiProperty({ example: '经现场复核，整改措施已落实' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}
