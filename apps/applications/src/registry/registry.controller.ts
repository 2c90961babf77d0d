import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Public } from '@sme/auth';
import type { PublicPlatform } from '@sme/contracts';
import { PlatformEntity } from '@sme/persistence';
import { shanghaiDate } from '@sme/policy';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ILike, type Repository } from 'typeorm';
import { publicPlatform } from '../platforms/platform.service';

export class RegisterQuery {
  @ApiPropertyOptional({ description: '名称关键字 / part of the name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}


/** The public list of recognised platforms with their validity (第十五条, 第十八条: open to the public). */
@ApiTags('public')
@Public()
@Controller('api/public/platforms')
export class RegistryController {
  constructor(@InjectRepository(PlatformEntity) private readonly platforms: Repository<PlatformEntity>) {}

  @Get()
  @ApiOperation({ summary: '示范平台名单 / recognised platforms, searchable by name' })
  async list(@Query() query: RegisterQuery): Promise<PublicPlatform[]> {
    const today = shanghaiDate(Date.now());
    const rows = await this.platforms.find({
      where: query.q ? { institutionName: ILike(`%${query.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`) } : {},
      order: { listYear: 'DESC', institutionName: 'ASC' },
      take: 500,
    });
    return rows.map((r) => publicPlatform(r, today));
  }
}
