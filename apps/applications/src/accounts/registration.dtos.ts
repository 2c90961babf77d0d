import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCreditCode, SchemaRules } from '@sme/runtime';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PASSWORD_MIN_LENGTH } from '@sme/auth';

export class RegisterInstitutionDto {
  @ApiProperty({ example: '91350200MA2Y0001XE', description: '统一社会信用代码（GB 32100 校验）/ unified social credit code (checked under GB 32100)' })
  @IsCreditCode()
  creditCode!: string;

  @ApiProperty({ example: '厦门市某某科技服务有限公司', description: '机构名称 / institution name' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  institutionName!: string;

  @ApiProperty({ example: '张三', description: '联系人 / contact person' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  contactName!: string;

  @ApiProperty({ example: '13800000000', description: '手机号码 / mobile number (mainland China)' })
  @Matches(/^1[3-9]\d{9}$/, { message: 'mobile: 11 digits starting 13-19 / 手机号码须为 11 位，以 13-19 开头' })
  mobile!: string;

  @ApiProperty({ example: 'contact@example.com', description: '邮箱：用于确认注册与登录 / email: confirms the registration; it also signs in' })
  @IsEmail({}, { message: 'email must be an email address / 邮箱格式不正确' })
  @MaxLength(254)
  email!: string;

  @ApiPropertyOptional({ example: 'xmkj', description: '用户名（省略时取邮箱 @ 前的部分）/ username (default: the part of the email before @)' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9._-]{1,63}$/, { message: 'username: 2-64 lower-case letters, digits, dot, dash, underscore / 用户名须为 2-64 位小写字母、数字、点、横线或下划线' })
  username?: string;

  @ApiProperty({ description: '密码：至少 10 个字符，不能是常见密码 / password: 10 characters or more, not a common one' })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, { message: `$property needs at least ${PASSWORD_MIN_LENGTH} characters` })
  @MaxLength(256)
  password!: string;
}

// A refusal names its reason (the ValidateIf below).
@SchemaRules({ oneOf: [{ properties: { decision: { enum: ['verify'] } } }, { properties: { decision: { enum: ['refuse'] } }, required: ['reason'] }] })
export class RegistrationDecisionDto {
  @ApiProperty({ enum: ['verify', 'refuse'], description: '核验通过或不予通过 / verify or refuse' })
  @IsIn(['verify', 'refuse'])
  decision!: 'verify' | 'refuse';

  @ApiPropertyOptional({ example: '营业执照与信用代码不一致', description: '不予通过的理由（必填）/ why it is refused (required to refuse)' })
  @ValidateIf((o: RegistrationDecisionDto) => o.decision === 'refuse' || o.reason !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason?: string;
}

export class RegistrationFilterDto {
  @ApiPropertyOptional({ enum: ['pending', 'verified', 'refused'] })
  @IsOptional()
  @IsIn(['pending', 'verified', 'refused'])
  status?: 'pending' | 'verified' | 'refused';
}

export class InviteColleagueDto {
  @ApiProperty({ example: 'lisi@example.com' })
  @IsEmail({}, { message: 'email must be an email address / 邮箱格式不正确' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: '李四' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName!: string;

  @ApiPropertyOptional({ example: 'lisi' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9._-]{1,63}$/, { message: 'username: 2-64 lower-case letters, digits, dot, dash, underscore / 用户名须为 2-64 位小写字母、数字、点、横线或下划线' })
  username?: string;
}
