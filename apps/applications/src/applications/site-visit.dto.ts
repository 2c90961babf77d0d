import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { plainDecimal } from '@sme/policy';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min, registerDecorator } from 'class-validator';

const SHARE_PLACES = 4;

/**
 * A JSON number with at most `SHARE_PLACES` decimal places, read on its shortest representation (`plainDecimal`):
 * 0.9235 is taken; 0.92351, and forms such as 1e-7 (which class-validator's `maxDecimalPlaces` cannot read and
 * throws on), are refused with a 400.
 */
function IsShare(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isShare',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `$property 须为 0 至 1 之间、最多 ${SHARE_PLACES} 位小数的数字（如 0.92）/ $property must be a number from 0 to 1 with at most ${SHARE_PLACES} decimal places, e.g. 0.92` },
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'number') return false;
          const d = plainDecimal(value);
          return d !== null && (d.split('.')[1] ?? '').length <= SHARE_PLACES;
        },
      },
    });
  };
}

/** The Annex 2 site-visit checklist and the served-enterprise survey (第十一条). */
export class SiteVisitDto {
  @ApiProperty({ example: { 'legal-person': true, premises: true, survey: true }, description: '附件2核查表：项目 -> 是否符合 / Annex 2 item -> met' })
  @IsObject()
  checklist!: Record<string, boolean>;

  @ApiPropertyOptional({
    example: { '6.3.premises': true, '7.openness': true },
    description:
      '待核实条款的核实结论：申报状态 eligibility.pending 中的每一条须确认属实（true）或不属实（false），不属实即以其条款终止申报 / each clause of the status\'s eligibility.pending -> confirmed (true) or not (false); every one is required, and a failed one ends the application with its article',
  })
  @IsOptional()
  @IsObject()
  findings?: Record<string, boolean>;

  @ApiProperty({ example: 0.92, description: '服务对象测评满意度（0~1）/ share of surveyed enterprises satisfied' })
  @IsShare()
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
