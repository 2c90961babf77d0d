import { ApiProperty } from '@nestjs/swagger';
import { IsCreditCode } from '../validation/is-credit-code';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsInt, IsNotEmpty, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';

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
  @IsCreditCode()
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
  @IsDefined()
  @ValidateNested()
  @Type(() => MaterialsDto)
  materials!: MaterialsDto;
}
