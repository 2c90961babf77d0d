import { ApiHideProperty, ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { EligibilityCheckDto } from '../rules/eligibility-check.dto';
import { IsCreditCode } from '@sme/runtime';
import { Type } from 'class-transformer';
import { IsOptional, IsDefined, IsEmpty, IsEmail, IsInt, IsNotEmpty, IsObject, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

/**
 * Materials are files, not ticks (第十条): an application that still sends the old flags is told where the files go.
 * Not part of the documented body.
 */
export const MATERIALS_ARE_FILES = {
  message:
    '申报材料以上传的文件为准：提交前请上传至草稿（POST /api/drafts/<id>/evidence），要求补充时上传至申报 / materials are the uploaded files: upload them to the draft (POST /api/drafts/<id>/evidence) before submitting, or to the application when it asks for them',
};

/** Who the center writes to about the application: email, and a mobile number for urgent notices by SMS. */
export class ContactDto {
  @ApiPropertyOptional({ example: '王经理' }) @IsOptional() @IsString() @MaxLength(50) name?: string;
  @ApiPropertyOptional({ example: 'contact@example.com' }) @IsOptional() @IsEmail({}, { message: 'email is not an email address' }) @MaxLength(254) email?: string;
  @ApiPropertyOptional({ example: '13800000000', description: '手机号码 / mainland mobile number' })
  @IsOptional()
  @Matches(/^1[3-9]\d{9}$/, { message: 'mobile is an 11-digit mainland mobile number' })
  mobile?: string;
}

/**
 * The facts of Arts. 6-8 carried by the application form: the public self-check's DTO without `applicationDate`
 * (the submission date, set by the service) and `policyVersion` (the call's); either sent is refused.
 */
export class ApplicationFactsDto extends OmitType(EligibilityCheckDto, ['applicationDate', 'policyVersion'] as const) {}

export class CreateApplicationDto {
  @ApiProperty({ example: '91350200MA8DEM018T', description: '统一社会信用代码 (GB 32100-2015), 18 characters' })
  @IsCreditCode()
  creditCode!: string;

  @ApiProperty({ example: '厦门市某某中小企业服务中心' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  institutionName!: string;

  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2021)
  @Max(2200)
  callYear!: number;

  @ApiHideProperty()
  @IsEmpty(MATERIALS_ARE_FILES)
  materials?: never;

  @ApiProperty({
    type: ApplicationFactsDto,
    description:
      '申报条件事实（第六条至第八条），与 POST /api/eligibility/check 同样校验；申报日期为提交之日（服务端），不由申报方填写 / the facts of Arts. 6-8, validated as POST /api/eligibility/check validates them; the application date is the day of submission (server side), never sent',
  })
  @IsDefined({ message: '缺少申报条件事实（第六条至第八条），它们是申报的一部分 / eligibilityFacts is required: the facts of Arts. 6-8 are part of the application' })
  @IsObject({ message: '申报条件事实须为对象 / eligibilityFacts must be an object' })
  @ValidateNested()
  @Type(() => ApplicationFactsDto)
  eligibilityFacts!: ApplicationFactsDto;

  @ApiPropertyOptional({ type: ContactDto, description: '联系人（邮件、短信通知）/ contact for email and SMS notices' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContactDto)
  contact?: ContactDto;
}
