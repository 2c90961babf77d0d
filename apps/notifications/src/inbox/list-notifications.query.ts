import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

export class ListNotificationsQuery {
  @ApiProperty({ example: 'institution:91350200MA2XXXXXXX', description: 'kind:id of the inbox owner' })
  @IsString()
  @MaxLength(100)
  @Matches(/^[a-z_]+:[A-Za-z0-9_-]+$/, { message: 'recipient must look like "institution:<credit code>"' })
  recipient!: string;
}
