import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, type Principal, Public, ROLES, Roles } from '@sme/auth';
import { AuthService, type SignedIn } from './auth.service';
import { SignInDto } from './sign-in.dto';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly sut: AuthService) {}

  @Post('sign-in')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: '登录，取得访问令牌 / sign in for a bearer token' })
  signIn(@Body() dto: SignInDto): Promise<SignedIn> {
    return this.sut.signIn(dto.username, dto.password);
  }

  @Get('me')
  @Roles(...ROLES)
  @ApiOperation({ summary: '当前用户 / who the token belongs to' })
  me(@Caller() caller: Principal): Principal {
    return caller;
  }
}
