import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsCalendarDate } from '@sme/runtime';

class CalendarDayDto {
  @ApiProperty({ example: '2027-10-01' }) @IsCalendarDate() date!: string;
  @ApiProperty({ enum: ['holiday', 'makeup', 'workday', 'weekend'] }) @IsIn(['holiday', 'makeup', 'workday', 'weekend']) kind!: 'holiday' | 'makeup' | 'workday' | 'weekend';
  @ApiPropertyOptional({ example: '国庆节' }) @IsOptional() @IsString() @MaxLength(40) name?: string;
}

/** A year's working-day data as the State Council's holiday notice gives them. */
export class PublishCalendarYearDto {
  @ApiProperty({ example: '国务院办公厅关于2027年部分节假日安排的通知' }) @IsString() @IsNotEmpty() @MaxLength(200) source!: string;
  @ApiProperty({ type: [CalendarDayDto] }) @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => CalendarDayDto) days!: CalendarDayDto[];
}
