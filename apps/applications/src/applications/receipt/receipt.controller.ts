import { Controller, Get, Param, ParseUUIDPipe, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Caller, type Principal, Roles } from '@sme/auth';
import { ReceiptService } from './receipt.service';

const pdf = (bytes: Buffer, filename: string): StreamableFile =>
  new StreamableFile(bytes, { type: 'application/pdf', length: bytes.length, disposition: `attachment; filename*=UTF-8''${encodeURIComponent(filename)}` });

@ApiTags('applications')
@Controller('api/applications')
export class ReceiptController {
  constructor(private readonly sut: ReceiptService) {}

  @Get(':id/receipt.pdf')
  @Roles('applicant', 'staff', 'bureau', 'auditor')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: '申报受理回执（PDF，第十条；申报机构仅限本机构）/ the acknowledgement of receipt as a PDF (Art. 10); applicants their own only' })
  async receipt(@Param('id', new ParseUUIDPipe()) id: string, @Caller() caller: Principal): Promise<StreamableFile> {
    return pdf(await this.sut.receipt(id, caller), `受理回执-${id}.pdf`);
  }

  @Get(':id/record')
  @Roles('applicant', 'staff', 'bureau', 'auditor')
  @ApiOperation({ summary: '申报全貌：申报条件及逐条结果、联系人、材料、实地考察、评审得分、办理记录 / the whole application: facts with the clause-by-clause result, contact, materials, site visit, score, decisions' })
  record(@Param('id', new ParseUUIDPipe()) id: string, @Caller() caller: Principal) {
    return this.sut.record(id, caller);
  }

  @Get(':id/summary.pdf')
  @Roles('staff', 'bureau', 'auditor')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: '申报摘要（PDF，归档用）/ the application summary for the file, as a PDF' })
  async summary(@Param('id', new ParseUUIDPipe()) id: string, @Caller() caller: Principal): Promise<StreamableFile> {
    return pdf(await this.sut.summary(id, caller), `申报摘要-${id}.pdf`);
  }
}
