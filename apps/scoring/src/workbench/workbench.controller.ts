import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, type Principal, Roles } from '@sme/auth';
import type { Workbench } from '@sme/contracts';
import { ExpertWorkbenchService } from './workbench.service';

@ApiTags('workbench')
@Controller('api/workbench')
export class ExpertWorkbenchController {
  constructor(private readonly sut: ExpertWorkbenchService) {}

  @Get()
  @Roles('expert')
  @ApiOperation({ summary: '专家工作台：待声明、待评分及期限 / the expert\'s workbench: declarations and scores due' })
  of(@Caller() caller: Principal): Promise<Workbench> {
    return this.sut.of(caller);
  }
}
