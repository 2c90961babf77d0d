import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsObject, Max, Min } from 'class-validator';

export class CreateDraftDto {
  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2021)
  @Max(2200)
  callYear!: number;

  @ApiProperty({ example: { institutionName: '厦门市某某中小企业服务中心' }, description: '申报表（可不完整）/ the form so far, any part of it' })
  @IsObject()
  content!: Record<string, unknown>;
}

export class SaveDraftDto {
  @ApiProperty({ example: 1, description: '所修改的版本（防止覆盖他人修改）/ the version edited, so no save overwrites another' })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version!: number;

  @ApiProperty({ example: { institutionName: '厦门市某某中小企业服务中心' } })
  @IsObject()
  content!: Record<string, unknown>;
}
