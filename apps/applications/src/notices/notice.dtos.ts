import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsCreditCode } from '@sme/runtime';

export const NOTICE_ID = /^\d{4}-\d{1,3}$/;

export class RaiseObjectionDto {
  @ApiProperty({ example: '91350200MA2Y0001XE', description: '对哪家公示对象提出异议 / the candidate objected to' })
  @IsCreditCode()
  creditCode!: string;

  @ApiProperty({ example: '张三', description: '异议人（实名）/ who raises it (named, 第十三条)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  objector!: string;

  @ApiPropertyOptional({ example: '13800000000 / a@example.com', description: '联系方式（不公开）/ contact, never published' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  contact?: string;

  @ApiProperty({ example: '该机构服务人员数量与申报不符。' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  text!: string;
}

export class ResolveObjectionDto {
  @ApiProperty({ enum: ['upheld', 'dismissed'], description: '成立（移出名单，不递补）或不成立 / upheld (removed, nobody promoted) or dismissed' })
  @IsIn(['upheld', 'dismissed'])
  decision!: 'upheld' | 'dismissed';

  @ApiProperty({ example: '经核查，服务人员数量属实。' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  reason!: string;
}

export class ConfirmNoticeEndDto {
  @ApiProperty({ example: '经核对国务院办公厅放假通知，公示期间无调休。', description: '确认暂定结束日的理由 / why the provisional end stands' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

export class NoticeIdParam {
  @ApiProperty({ example: '2026-1', description: '公示编号 / notice id' })
  @Matches(NOTICE_ID, { message: 'noticeId looks like 2026-1' })
  noticeId!: string;
}

export class ObjectionParams extends NoticeIdParam {
  @ApiProperty({ example: '2026-1-O1', description: '异议编号 / objection id' })
  @Matches(/^\d{4}-\d{1,3}-O\d{1,4}$/, { message: 'objectionId looks like 2026-1-O1' })
  objectionId!: string;
}
