import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { INDUSTRY_GROUPS, type IndustryGroup } from '@sme/policy';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { SchemaRules } from '@sme/runtime';

const AMOUNT = /^\d{1,12}(\.\d{1,4})?$/;
const AMOUNT_MESSAGE = '$property must be a non-negative amount of 万元 as a decimal string, e.g. "1200" or "1200.5" (金额单位万元，十进制字符串)';

/** 工信部联企业〔2011〕300号 indicators. Amounts in 万元 as decimal strings (money is never a binary float). */
// The industry as a group or as a code, one of the two (classifyEnterprise refuses neither and both).
@SchemaRules({ oneOf: [{ required: ['industry'] }, { required: ['industryCode'] }] })
export class ClassifyEnterpriseDto {
  @ApiPropertyOptional({ enum: INDUSTRY_GROUPS }) @IsOptional() @IsIn([...INDUSTRY_GROUPS]) industry?: IndustryGroup;
  @ApiPropertyOptional({ example: 'I65', description: 'GB/T 4754-2017 门类 letter with 大类 digits (or 中类 for K70x)' })
  @IsOptional() @Matches(/^[A-Za-z]\d{0,3}$/, { message: 'industryCode must look like I65 or C39 (GB/T 4754-2017)' }) industryCode?: string;
  @ApiProperty({ example: 50 }) @IsInt() @Min(0) @Max(100_000_000) employees!: number;
  @ApiPropertyOptional({ example: '1200' }) @IsOptional() @Matches(AMOUNT, { message: AMOUNT_MESSAGE }) revenueWan?: string;
  @ApiPropertyOptional({ example: '800' }) @IsOptional() @Matches(AMOUNT, { message: AMOUNT_MESSAGE }) assetsWan?: string;
}
