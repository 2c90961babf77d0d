import { ApiProperty } from '@nestjs/swagger';
import { POLICY_VERSION_IDS } from '@sme/policy';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { IsCalendarDate } from '@sme/runtime';

export class UpsertCallDto {
  @ApiProperty({ example: 10, description: '推荐名额 / quota (第四条)' })
  @IsInt()
  @Min(1)
  @Max(1000)
  quota!: number;

  @ApiProperty({ example: '2026-03-01' })
  @IsCalendarDate()
  opensOn!: string;

  @ApiProperty({ example: '2026-04-30' })
  @IsCalendarDate()
  closesOn!: string;

  @ApiProperty({ example: 'xiamen-2021-114', description: '政策版本（GET /api/policies）/ the policy version (GET /api/policies)' })
  @IsIn(POLICY_VERSION_IDS, { message: '$property is not a policy version: see GET /api/policies' })
  policyVersion!: string;
}
