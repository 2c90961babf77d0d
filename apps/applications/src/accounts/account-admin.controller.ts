import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Caller, type Principal, ROLES, Roles } from '@sme/auth';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { type AccountView, AccountAdminService } from './account-admin.service';
import { ChangeAccountDto, InviteDto } from './account.dtos';

export class AccountFilterDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: string;

  @ApiPropertyOptional({ description: '按用户名、姓名、邮箱或信用代码查找 / search username, name, email or credit code' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

/** Account administration: the `admin` role only, and nothing of the process. */
@ApiTags('accounts')
@Controller('api/accounts')
@Roles('admin')
export class AccountAdminController {
  constructor(private readonly sut: AccountAdminService) {}

  @Get()
  @ApiOperation({ summary: '账号列表 / the accounts' })
  list(@Query() filter: AccountFilterDto): Promise<AccountView[]> {
    return this.sut.list(filter);
  }

  @Post('invitations')
  @ApiOperation({ summary: '邀请用户：发送设置密码的一次性链接（72 小时）/ invite a person: an emailed one-time link to set a password (72 hours)' })
  invite(@Body() dto: InviteDto, @Caller() caller: Principal): Promise<AccountView> {
    return this.sut.invite(dto, caller);
  }

  @Post(':id/invitation')
  @ApiOperation({ summary: '重新发送邀请 / send the invitation again (the earlier link stops working)' })
  reinvite(@Param('id', new ParseUUIDPipe()) id: string, @Caller() caller: Principal): Promise<AccountView> {
    return this.sut.reinvite(id, caller);
  }

  @Patch(':id')
  @ApiOperation({ summary: '变更角色、绑定或状态：下一次请求即生效 / change role, binding or state: in force from the person\'s next request' })
  change(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ChangeAccountDto, @Caller() caller: Principal): Promise<AccountView> {
    return this.sut.change(id, dto, caller);
  }
}
