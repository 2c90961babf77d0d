import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

export class ListNotificationsQuery {
  @ApiPropertyOptional({
    example: 'institution:91350200MA2XXXXXXX',
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

export class MarkReadDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: '要标记的消息编号；不填则全部 / the notices to mark; all when omitted' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  ids?: string[];
}
