import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';

export class UpsertCallDto {
  @ApiProperty({ example: 10, description: '推荐名额 / quota (第四条)' })
  @IsInt()
  @Min(1)
  @Max(1000)
  quota!: number;

  @ApiProperty({ example: '2026-03-01' })
  @IsISO8601({ strict: true })
  opensOn!: string;

  @ApiProperty({ example: '2026-04-30' })
  @IsISO8601({ strict: true })
  closesOn!: string;

  @ApiProperty({ example: 'xiamen-2021-114' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  policyVersion!: string;
}
