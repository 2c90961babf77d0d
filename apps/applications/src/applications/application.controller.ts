import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type ApplicationSummary, type ApplicationView, ApplicationService } from './application.service';
import { CreateApplicationDto } from './create-application.dto';
import { ListApplicationsQuery } from './list-applications.query';
import { SupplementMaterialsDto } from './supplement-materials.dto';

@ApiTags('applications')
@Controller('api/applications')
export class ApplicationController {
  constructor(private readonly sut: ApplicationService) {}

  @Post()
  @ApiOperation({ summary: '提交申报 / submit an application' })
  submit(@Body() dto: CreateApplicationDto): Promise<ApplicationView> {
    return this.sut.submit(dto);
  }

  @Get()
  @ApiOperation({ summary: '申报列表（最近 100 条）/ latest applications, optionally of one institution' })
  list(@Query() query: ListApplicationsQuery): Promise<ApplicationSummary[]> {
    return this.sut.list(query.creditCode);
  }

  @Get(':id')
  @ApiOperation({ summary: '查看申报及其流程状态 / an application with its workflow status' })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<ApplicationView> {
    return this.sut.get(id);
  }

  @Post(':id/materials')
  @ApiOperation({ summary: '补充材料 / supply requested materials' })
  supplement(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: SupplementMaterialsDto): Promise<ApplicationView> {
    return this.sut.supplement(id, dto);
  }
}
