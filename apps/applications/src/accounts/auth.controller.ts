import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, DuringEnrolment, type Principal, Public, ROLES, Roles, TOTP_ROLES, WhileInstitutionPending } from '@sme/auth';
import { ChangePasswordDto, LinkPasswordDto, LinkTokenDto, ResetRequestDto, SignInDto, StartTotpDto, TotpCodeDto } from './account.dtos';
import { AuthService, type SignedIn } from './auth.service';
import { Throttled } from './throttling';
import { Refuses } from '@sme/runtime';

@ApiTags('auth')
@WhileInstitutionPending()
@Controller('api')
export class AuthController {
  constructor(private readonly sut: AuthService) {}

  @Post('auth/sign-in')
  @Public()
  @Throttled('auth')
  @HttpCode(200)
  @ApiOperation({ summary: '登录，取得访问令牌 / sign in for a bearer token (username or email; locked for a while after repeated wrong passwords)' })
  @Refuses(401, '用户名或密码错误，或须输入动态验证码 / wrong username or password, or the second factor is needed', ['unauthenticated', 'totp-required', 'totp-wrong'])
  @Refuses(403, '邮箱尚未确认 / the email address is not confirmed yet', ['email-unconfirmed'])
  signIn(@Body() dto: SignInDto): Promise<SignedIn> {
    return this.sut.signIn(dto.username, dto.password, dto.totp);
  }

  @Get('auth/me')
  @Roles(...ROLES)
  @DuringEnrolment()
  @ApiOperation({ summary: '当前用户 / who the token belongs to' })
  me(@Caller() caller: Principal): Principal {
    return caller;
  }

  @Post('auth/sign-out')
  @Roles(...ROLES)
  @DuringEnrolment()
  @HttpCode(204)
  @ApiOperation({ summary: '退出登录：本会话的令牌随即失效 / sign out: this session\'s token stops working at once' })
  signOut(@Caller() caller: Principal): Promise<void> {
    return this.sut.signOut(caller);
  }

  @Post('auth/sign-out-everywhere')
  @Roles(...ROLES)
  @HttpCode(204)
  @ApiOperation({ summary: '在所有设备退出 / sign out everywhere: every token of the account stops working' })
  signOutEverywhere(@Caller() caller: Principal): Promise<void> {
    return this.sut.signOutEverywhere(caller);
  }

  @Post('auth/password-reset')
  @Public()
  @Throttled('auth')
  @HttpCode(202)
  @ApiOperation({ summary: '申请重设密码：如账号存在，向其邮箱发送一次性链接 / ask for a reset link by email (same answer whether or not the account exists)' })
  async requestReset(@Body() dto: ResetRequestDto): Promise<{ message: { zh: string; en: string } }> {
    await this.sut.requestReset(dto.login);
    return { message: { zh: '如该账号存在，重设链接已发送至其邮箱，30 分钟内有效', en: 'if the account exists, a reset link valid for 30 minutes was sent to its email address' } };
  }

  @Post('auth/password')
  @Public()
  @Throttled('auth')
  @HttpCode(200)
  @ApiOperation({ summary: '用邮件中的一次性链接设置密码（接受邀请或重设）并登录 / set a password with an emailed one-time link (invitation or reset), and sign in' })
  setPassword(@Body() dto: LinkPasswordDto): Promise<SignedIn> {
    return this.sut.setPasswordWithLink(dto.token, dto.password, dto.totp);
  }

  @Post('auth/email-confirmation')
  @Public()
  @Throttled('auth')
  @HttpCode(200)
  @ApiOperation({ summary: '确认注册邮箱 / confirm a registration email address with its link' })
  confirmEmail(@Body() dto: LinkTokenDto): Promise<{ username: string }> {
    return this.sut.confirmEmail(dto.token);
  }

  @Get('account')
  @Roles(...ROLES)
  @DuringEnrolment()
  @ApiOperation({ summary: '我的账号 / my account' })
  profile(@Caller() caller: Principal): ReturnType<AuthService['profile']> {
    return this.sut.profile(caller);
  }

  @Post('account/password')
  @Roles(...ROLES)
  @Throttled('auth')
  @HttpCode(200)
  @ApiOperation({ summary: '修改密码（其他会话随即退出）/ change my password (every other session ends); returns a new token' })
  changePassword(@Caller() caller: Principal, @Body() dto: ChangePasswordDto): Promise<SignedIn> {
    return this.sut.changePassword(caller, dto.currentPassword, dto.newPassword);
  }

  @Post('account/totp')
  @Roles(...TOTP_ROLES)
  @DuringEnrolment()
  @ApiOperation({ summary: '开始绑定身份验证器（两步验证）：返回密钥与二维码内容 / start enrolling an authenticator app: the secret and its otpauth URI' })
  startTotp(@Caller() caller: Principal, @Body() dto: StartTotpDto): Promise<{ secret: string; uri: string }> {
    return this.sut.startTotp(caller, dto.password);
  }

  @Post('account/totp/confirmation')
  @Roles(...TOTP_ROLES)
  @DuringEnrolment()
  @HttpCode(200)
  @ApiOperation({ summary: '用一次动态验证码确认绑定；返回新的令牌 / confirm the enrolment with a code; returns a full token' })
  confirmTotp(@Caller() caller: Principal, @Body() dto: TotpCodeDto): Promise<SignedIn> {
    return this.sut.confirmTotp(caller, dto.code);
  }

  @Delete('account/totp')
  @Roles(...TOTP_ROLES)
  @HttpCode(204)
  @ApiOperation({ summary: '停用两步验证（角色要求时不可）/ remove the second factor (not where the role requires one)' })
  removeTotp(@Caller() caller: Principal, @Body() dto: TotpCodeDto): Promise<void> {
    return this.sut.removeTotp(caller, dto.code);
  }
}
