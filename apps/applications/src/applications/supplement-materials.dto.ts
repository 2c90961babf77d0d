import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsOptional, ValidateNested } from 'class-validator';

export class PartialMaterialsDto {
  @ApiProperty({ required: false })
  @IsOptional()
  @IsBoolean()
  applicationForm?: boolean;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsBoolean()
  platformIntroduction?: boolean;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsBoolean()
  supportingEvidence?: boolean;
}

export class SupplementMaterialsDto {
  @ApiProperty({ type: PartialMaterialsDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => PartialMaterialsDto)
  materials!: PartialMaterialsDto;
}
