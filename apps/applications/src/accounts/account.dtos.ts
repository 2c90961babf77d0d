import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MIN_LENGTH } from '@sme/auth';

export class SignInDto {
  @ApiProperty({ example: 'staff', description: '用户名或邮箱 / username or email address' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  username!: string;

  @ApiProperty({ example: 'staff-dev', description: '密码 / password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  password!: string;

  @ApiPropertyOptional({ example: '123456', description: '动态验证码（已启用两步验证时）/ the 6-digit code, when a second factor is enrolled' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'totp: 6 digits / 动态验证码为 6 位数字' })
  totp?: string;
}

export class StartTotpDto {
  @ApiProperty({ description: '当前密码（确认是本人）/ the current password (it is you)' })
  @IsString()
  @MaxLength(256)
  password!: string;
}

export class TotpCodeDto {
  @ApiProperty({ example: '123456', description: '身份验证器中的 6 位数字 / the 6-digit code from the authenticator app' })
  @Matches(/^\d{6}$/, { message: 'code: 6 digits / 动态验证码为 6 位数字' })
  code!: string;
}

export class ChangePasswordDto {
  @ApiProperty({ description: '当前密码 / current password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  currentPassword!: string;

  @ApiProperty({ description: '新密码：至少 10 个字符，不能是常见密码 / new password: 10 characters or more, not a common one' })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, { message: `$property needs at least ${PASSWORD_MIN_LENGTH} characters` })
  @MaxLength(256)
  newPassword!: string;
}

export class ResetRequestDto {
  @ApiProperty({ example: 'wang@xm.gov.cn', description: '用户名或邮箱 / username or email address' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  login!: string;
}

export class LinkPasswordDto {
  @ApiProperty({ description: '邮件链接中的一次性令牌 / the one-time token from the emailed link' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token!: string;

  @ApiProperty({ description: '新密码：至少 10 个字符，不能是常见密码 / the new password: 10 characters or more, not a common one' })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, { message: `$property needs at least ${PASSWORD_MIN_LENGTH} characters` })
  @MaxLength(256)
  password!: string;

  @ApiPropertyOptional({ example: '123456', description: '动态验证码（账号已启用两步验证时，重设密码须提供）/ the code, when the account has a second factor' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'totp: 6 digits / 动态验证码为 6 位数字' })
  totp?: string;
}

export class SsoSessionDto {
  @ApiProperty({ description: '统一身份认证回跳时的一次性令牌 / the hand-over token of the sign-on redirect' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token!: string;

  @ApiPropertyOptional({ example: '123456', description: '动态验证码（账号已启用两步验证时）/ the code, when the account has a second factor' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'totp: 6 digits / 动态验证码为 6 位数字' })
  totp?: string;
}

export class LinkTokenDto {
  @ApiProperty({ description: '邮件链接中的一次性令牌 / the one-time token from the emailed link' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token!: string;
}

/** Roles an administrator may give (applicants come from registration, never from an invitation by an admin). */
export const INVITABLE_ROLES = ['staff', 'bureau', 'expert', 'auditor', 'operator', 'admin'] as const;
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

export class InviteDto {
  @ApiProperty({ example: 'wang.gong@xm.gov.cn', description: '邮箱：邀请链接发往此处，亦可用于登录 / email: the invitation goes here; it also signs in' })
  @IsEmail({}, { message: 'email must be an email address / 邮箱格式不正确' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ enum: INVITABLE_ROLES, example: 'staff' })
  @IsIn(INVITABLE_ROLES)
  role!: InvitableRole;

  @ApiProperty({ example: '服务中心 王工', description: '显示名称 / display name' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName!: string;

  @ApiPropertyOptional({ example: 'wanggong', description: '用户名（省略时取邮箱 @ 前的部分）/ username (default: the part of the email before @)' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9._-]{1,63}$/, { message: 'username: 2-64 lower-case letters, digits, dot, dash, underscore / 用户名须为 2-64 位小写字母、数字、点、横线或下划线' })
  username?: string;

  @ApiPropertyOptional({ description: '专家库条目 id（专家必填）/ the expert pool entry (experts only, required for them)' })
  @IsOptional()
  @IsUUID()
  expertId?: string;
}

export class ChangeAccountDto {
  @ApiPropertyOptional({ enum: INVITABLE_ROLES })
  @IsOptional()
  @IsIn(INVITABLE_ROLES)
  role?: InvitableRole;

  @ApiPropertyOptional({ description: '停用（true）或恢复（false）/ disable (true) or enable (false)' })
  @IsOptional()
  @IsIn([true, false])
  disabled?: boolean;

  @ApiPropertyOptional({ description: '绑定的专家库条目 / the expert pool entry the account acts as' })
  @IsOptional()
  @IsUUID()
  expertId?: string;

  @ApiProperty({ example: '岗位调整', description: '变更原因（记入审计）/ why (kept in the audit trail)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;

  @ApiPropertyOptional({ example: '服务中心 王工' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName?: string;
}
