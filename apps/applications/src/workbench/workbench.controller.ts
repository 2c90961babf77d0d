import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, type Principal, Roles } from '@sme/auth';
import type { Workbench } from '@sme/contracts';
import { WorkbenchService } from './workbench.service';

@ApiTags('workbench')
@Controller('api/workbench')
export class WorkbenchController {
  constructor(private readonly sut: WorkbenchService) {}

  @Get()
  @Roles('applicant', 'staff', 'bureau', 'auditor', 'operator')
  @ApiOperation({ summary: '工作台：本人待办事项及期限 / the workbench: what waits for the caller, with deadlines' })
  of(@Caller() caller: Principal): Promise<Workbench> {
    return this.sut.of(caller);
  }
}
