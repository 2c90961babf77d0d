import { ApiProperty } from '@nestjs/swagger';
import { IsCreditCode } from '@sme/runtime';
import { IsOptional } from 'class-validator';

export class ListApplicationsQuery {
  @ApiProperty({ required: false, description: '统一社会信用代码' })
  @IsOptional()
  @IsCreditCode()
  creditCode?: string;
}
