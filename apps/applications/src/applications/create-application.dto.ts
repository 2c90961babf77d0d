import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsNotEmpty, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

/** Which Art. 10 materials the application includes. */
export class MaterialsDto {
  @ApiProperty({ description: '申请表 (第十条第（一）项)' })
  @IsBoolean()
  applicationForm!: boolean;

  @ApiProperty({ description: '平台情况介绍 (第十条第（二）项)' })
  @IsBoolean()
  platformIntroduction!: boolean;

  @ApiProperty({ description: '相关佐证材料 (第十条第（三）项)' })
  @IsBoolean()
  supportingEvidence!: boolean;
}

export class CreateApplicationDto {
  @ApiProperty({ example: '91350200MA2XXXXXXX', description: '统一社会信用代码 (GB 32100-2015), 18 characters' })
  @Matches(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, {
    message: 'creditCode must be an 18-character unified social credit code (统一社会信用代码)',
  })
  creditCode!: string;

  @ApiProperty({ example: '厦门市某某中小企业服务中心' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  institutionName!: string;

  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2021)
  @Max(2200)
  callYear!: number;

  @ApiProperty({ type: MaterialsDto })
  @ValidateNested()
  @Type(() => MaterialsDto)
  materials!: MaterialsDto;
}
