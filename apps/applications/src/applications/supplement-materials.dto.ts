import { ApiHideProperty } from '@nestjs/swagger';
import { IsEmpty } from 'class-validator';
import { MATERIALS_ARE_FILES } from './create-application.dto';

/**
 * "I have uploaded what was asked for: check again" (第十条). The body is empty: the files uploaded to the application
 * are the answer, and the check reads them.
 */
export class SupplementMaterialsDto {
  @ApiHideProperty()
  @IsEmpty(MATERIALS_ARE_FILES)
  materials?: never;
}
