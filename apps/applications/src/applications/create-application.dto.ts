import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { EligibilityCheckDto } from '../rules/eligibility-check.dto';
import { IsCreditCode } from '@sme/runtime';
import { Type } from 'class-transformer';
import { IsOptional, IsBoolean, IsDefined, IsEmail, IsInt, IsNotEmpty, IsObject, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

/** Which Art. 10 materials the application includes. */
export class MaterialsDto {
  @ApiProperty({ description: '申请表 (第十条第（一）项)' })
  @IsBoolean()
  applicationForm!: boolean;

  @ApiProperty({ description: '平台情况介绍 (第十条第（二）项)' })
  @IsBoolean()
  platformIntroduction!: boolean;

  @ApiProperty({ description: '相关佐证材料 (第十条第（三）项)' })
  @IsBoolean()
  supportingEvidence!: boolean;
}

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
  @ApiProperty({ example: '91350200MA2XXXXXXX', description: '统一社会信用代码 (GB 32100-2015), 18 characters' })
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

  @ApiProperty({ type: MaterialsDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => MaterialsDto)
  materials!: MaterialsDto;

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
