import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsCreditCode } from '@sme/runtime';

export class DeclaredRelationshipDto {
  @ApiProperty({ example: '91350200MA2Y0001XE', description: '有关联的机构 / the institution' })
  @IsCreditCode()
  creditCode!: string;

  @ApiProperty({ example: '曾任职', description: '关系 / nature of the relationship' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  nature!: string;
}

export class CreateExpertDto {
  @ApiProperty({ example: '陈教授' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ example: '12350200MB0123457A', description: '工作单位统一社会信用代码 / employer credit code' })
  @IsOptional()
  @IsCreditCode()
  employerCreditCode?: string;

  @ApiPropertyOptional({ example: '厦门大学' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  employerName?: string;

  @ApiProperty({ example: ['技术服务', '融资服务'], description: '专业领域 / fields' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(50, { each: true })
  fields!: string[];

  @ApiPropertyOptional({ type: [DeclaredRelationshipDto], description: '申报的利益关系 / declared relationships' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => DeclaredRelationshipDto)
  relationships?: DeclaredRelationshipDto[];
}
