import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SERVICE_FUNCTIONS, type ServiceFunction } from '@sme/policy';
import { IsCreditCode } from '@sme/runtime';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

const COUNT_MAX = 10_000_000;

/** One service function (第八条) as delivered in the year. */
export class ReportedServiceDto {
  @ApiProperty({ enum: SERVICE_FUNCTIONS, example: 'information', description: '服务功能（第八条）/ the service function (Art. 8)' })
  @IsIn(SERVICE_FUNCTIONS)
  function!: ServiceFunction;

  @ApiProperty({ example: 8, description: '开展活动次数 / activities held' })
  @IsInt()
  @Min(0)
  @Max(COUNT_MAX)
  activities!: number;

  @ApiProperty({ example: 120, description: '服务企业数 / enterprises served' })
  @IsInt()
  @Min(0)
  @Max(COUNT_MAX)
  enterprisesServed!: number;
}

export class SatisfactionDto {
  @ApiProperty({ example: 300, description: '满意度调查样本数 / enterprises surveyed' }) @IsInt() @Min(0) @Max(COUNT_MAX) surveyed!: number;
  @ApiProperty({ example: 276, description: '表示满意的企业数 / of them satisfied' }) @IsInt() @Min(0) @Max(COUNT_MAX) satisfied!: number;
}

export class ServiceCountDto {
  @ApiProperty({ example: 420, description: '全年服务项次 / services delivered' }) @IsInt() @Min(0) @Max(COUNT_MAX) total!: number;
  @ApiProperty({ example: 130, description: '其中公益性或低收费服务项次（第六条第（四）项）/ of them free or low-fee' }) @IsInt() @Min(0) @Max(COUNT_MAX) freeOrLowFee!: number;
}

export class ReportStaffDto {
  @ApiProperty({ example: 20, description: '为中小企业服务的人员数 / staff serving SMEs' }) @IsInt() @Min(0) @Max(COUNT_MAX) total!: number;
  @ApiProperty({ example: 17, description: '其中大专以上学历或中级以上职称人数（第六条第（五）项）/ of them qualified' }) @IsInt() @Min(0) @Max(COUNT_MAX) qualified!: number;
}

/**
 * The annual report (第十五条). Its year is fixed by the form (`GET .../reports/form`), not typed: `reportYear`, when
 * given, must be that year. The SMEs served are counted by the system from the uploaded list (`servedListId`).
 */
export class AnnualReportDto {
  @ApiPropertyOptional({ example: 2026, description: '报告年度：由表单确定（上一年度或仍欠交的年度），填写时须与之一致 / fixed by the form; when given it must match' })
  @IsOptional()
  @IsInt()
  @Min(2000)
  @Max(2200)
  reportYear?: number;

  @ApiProperty({ type: [ReportedServiceDto], description: '各项服务功能开展情况（第八条）/ services per function' })
  @IsArray()
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => ReportedServiceDto)
  services!: ReportedServiceDto[];

  @ApiProperty({ format: 'uuid', description: '已上传的服务企业名单（POST .../reports/served-list 的 id）/ the uploaded served-enterprise list' })
  @IsUUID()
  servedListId!: string;

  @ApiProperty({ type: SatisfactionDto }) @ValidateNested() @Type(() => SatisfactionDto) satisfaction!: SatisfactionDto;
  @ApiProperty({ type: ServiceCountDto }) @ValidateNested() @Type(() => ServiceCountDto) serviceCount!: ServiceCountDto;
  @ApiProperty({ type: ReportStaffDto }) @ValidateNested() @Type(() => ReportStaffDto) staff!: ReportStaffDto;

  @ApiProperty({ example: '1250000.00', description: '服务收入（元）/ service revenue, yuan' })
  @IsString()
  @Matches(/^\d{1,13}(\.\d{1,2})?$/, { message: 'revenueYuan is a decimal amount in yuan with at most two places' })
  revenueYuan!: string;

  @ApiProperty({ example: '全年服务中小企业260家……', description: '上年度工作总结 / the year\'s work summary' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20_000)
  summary!: string;

  @ApiProperty({ example: '新建线上服务系统……', description: '发展规划 / development plans' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20_000)
  plans!: string;

  @ApiProperty({ example: '首创“服务券”模式……', description: '工作亮点 / highlights' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5_000)
  highlights!: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: '附件（POST .../reports/attachments 的 id）/ attachments' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  attachmentIds?: string[];
}

export class ReportYearParam {
  @ApiProperty({ example: '91350200MA2Y0001XE', description: '示范平台统一社会信用代码 / the platform\'s credit code' })
  @IsCreditCode()
  creditCode!: string;

  @ApiProperty({ example: 2026 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2200)
  year!: number;
}

export class ReturnReportDto {
  @ApiProperty({ example: '服务企业名单与服务功能数据不一致，请核对后重新报送', description: '退回理由 / why it is returned' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

export class PublishSummaryDto {
  @ApiPropertyOptional({ example: '该平台全年服务中小企业260家，满意度92%。', description: '对外发布的文字（可选，默认取报告要点）/ the text published (default: the report\'s key figures)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class PublicSummariesQuery {
  @ApiPropertyOptional({ example: 2026, description: '报告年度 / report year' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2200)
  year?: number;
}

export class ReportFileParam {
  @ApiProperty({ example: '91350200MA2Y0001XE', description: '示范平台统一社会信用代码 / the platform\'s credit code' })
  @IsCreditCode()
  creditCode!: string;

  @ApiProperty({ format: 'uuid', description: '文件编号 / the file' })
  @IsUUID()
  fileId!: string;
}
