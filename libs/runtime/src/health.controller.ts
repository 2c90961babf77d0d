import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@sme/auth';
import { DataSource } from 'typeorm';

/** Liveness and readiness of a service: readiness checks its database. */
@ApiTags('health')
@Public()
@Controller('api')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('health')
  @ApiOkResponse({ description: 'the process is up' })
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HttpCode(200)
  @ApiOkResponse({ description: 'the database answers' })
  async ready(): Promise<{ status: 'ready' }> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new ServiceUnavailableException('database unreachable / 数据库不可达');
    }
    return { status: 'ready' };
  }
}
