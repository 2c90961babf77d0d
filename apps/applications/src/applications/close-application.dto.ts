import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

/** Why staff close an application whose review cannot be completed (第十二条). */
export class CloseApplicationDto {
  @ApiProperty({ example: '专家库中无可替换的回避专家，评审组无法组成' })
  @IsString()
  @Matches(/\S/, { message: '须写明终止理由 / the reason must not be blank' })
  @MaxLength(1000)
  reason!: string;
}
