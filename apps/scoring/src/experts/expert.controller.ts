import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, type Principal, Roles } from '@sme/auth';
import type { ExpertEntity } from '@sme/persistence';
import { CreateExpertDto } from './create-expert.dto';
import { ExpertService } from './expert.service';

@ApiTags('experts')
@Controller('api/experts')
export class ExpertController {
  constructor(private readonly sut: ExpertService) {}

  @Post()
  @Roles('staff')
  @ApiOperation({ summary: '专家入库 / add an expert to the pool' })
  create(@Body() dto: CreateExpertDto, @Caller() caller: Principal): Promise<ExpertEntity> {
    return this.sut.create(dto, caller.username);
  }

  @Get()
  @Roles('staff', 'bureau', 'auditor')
  @ApiOperation({ summary: '专家库 / the expert pool' })
  list(): Promise<ExpertEntity[]> {
    return this.sut.list();
  }

  @Get(':id')
  @Roles('staff', 'bureau', 'auditor')
  @ApiOperation({ summary: '专家 / one expert' })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<ExpertEntity> {
    return this.sut.get(id);
  }
}
