import { ApiPropertyOptional } from '@nestjs/swagger';
import { SchemaRules } from '@sme/runtime';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateBy, ValidateIf } from 'class-validator';

export class ListNotificationsQuery {
  @ApiPropertyOptional({
    example: 'institution:91350200MA8DEM018T',
    description: '仅运维/服务中心可指定；默认为本人收件箱 / operators and staff may name an inbox; others read their own',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(/^[a-z_]+:[A-Za-z0-9_-]+$/, { message: 'recipient must look like "institution:<credit code>"' })
  recipient?: string;
}

export class ListDeliveriesQuery {
  @ApiPropertyOptional({ enum: ['pending', 'sent', 'dead'] })
  @IsOptional()
  @IsIn(['pending', 'sent', 'dead'])
  status?: 'pending' | 'sent' | 'dead';
}

/**
 * Which notices to mark read: the listed ones (`ids`), or every one (`all: true`). Exactly one of the two, so that a
 * body that lost its list never marks the whole inbox read by accident.
 */
// Either the notices named in ids or all of them (the ValidateIf checks below).
@SchemaRules({ oneOf: [{ required: ['ids'] }, { required: ['all'] }] })
export class MarkReadDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: '要标记的消息编号（与 all 二选一）/ the notices to mark (either this or all)' })
  @ValidateIf((o: MarkReadDto) => o.all === undefined || o.ids !== undefined)
  @IsArray({ message: 'name the notices in "ids", or send "all": true' })
  @ArrayNotEmpty()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  ids?: string[];

  @ApiPropertyOptional({ enum: [true], description: '全部标记为已读（与 ids 二选一）/ mark every notice read (either this or ids)' })
  @ValidateIf((o: MarkReadDto) => o.all !== undefined)
  @ValidateBy({
    name: 'idsOrAll',
    validator: {
      validate: (value, args) => value === true && (args?.object as MarkReadDto).ids === undefined,
      defaultMessage: () => '"all" may only be true, and not together with "ids"',
    },
  })
  all?: true;
}
