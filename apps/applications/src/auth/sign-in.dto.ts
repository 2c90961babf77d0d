import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class SignInDto {
  @ApiProperty({ example: 'staff', description: '用户名 / username' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  username!: string;

  @ApiProperty({ example: 'staff-dev', description: '密码 / password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  password!: string;
}
