import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

export class ListApplicationsQuery {
  @ApiProperty({ required: false, description: '统一社会信用代码' })
  @IsOptional()
  @Matches(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, {
    message: 'creditCode must be an 18-character unified social credit code (统一社会信用代码)',
  })
  creditCode?: string;
}
