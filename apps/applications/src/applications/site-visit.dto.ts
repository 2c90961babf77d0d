import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsNumber, IsObject, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

/** The Annex 2 site-visit checklist and the served-enterprise survey (第十一条). */
export class SiteVisitDto {
  @ApiProperty({ example: { 'legal-person': true, premises: true, survey: true }, description: '附件2核查表：项目 -> 是否符合 / Annex 2 item -> met' })
  @IsObject()
  checklist!: Record<string, boolean>;

  @ApiProperty({ example: 0.92, description: '服务对象测评满意度（0~1）/ share of surveyed enterprises satisfied' })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 })
  @Min(0)
  @Max(1)
  surveySatisfaction!: number;

  @ApiProperty({ example: '现场核查情况属实。' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  opinion!: string;

  @ApiProperty({ example: ['00000000-0000-4000-8000-00000000e001'], description: '考察专家 / the experts who visited' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(15)
  @IsUUID('4', { each: true })
  expertIds!: string[];
}
