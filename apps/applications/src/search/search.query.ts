import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class GlobalSearchQuery {
  @ApiProperty({ description: '机构名称（包含）、统一社会信用代码（前缀）或申报编号 / part of a name, a credit code prefix, or an application id', example: '91350200' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  q!: string;
}
