import { HttpStatus, Injectable } from '@nestjs/common';
import type { Principal } from '@sme/auth';
import { platformImportStatusQuery, type PlatformImportStatus, TaskQueues, WorkflowIds, WorkflowTypes } from '@sme/contracts';
import { checkImportRows, type ImportError, type ImportRow, POLICIES, shanghaiDate } from '@sme/policy';
import { appendAudit, recordOnce } from '@sme/persistence';
import { DomainProblem, TemporalClientHolder } from '@sme/runtime';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowGateway } from '../lifecycle/workflow-gateway';
import { readImportSheet, SheetProblem } from './spreadsheet';

export interface DryRun {
  dryRun: true;
  rows: number;
  valid: number;
  errors: ImportError[];
  /** The first valid rows as they will be imported. */
  preview: ImportRow[];
}

export interface ImportStarted {
  dryRun: false;
  importId: string;
  workflowId: string;
  /** False when this very file was imported (or is importing) already: nothing is done twice. */
  started: boolean;
  status: PlatformImportStatus | null;
}

@Injectable()
export class PlatformImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly temporal: TemporalClientHolder,
    private readonly workflows: WorkflowGateway,
  ) {}

  private async check(file: { buffer: Buffer; size: number } | undefined) {
    if (!file) {
      throw new DomainProblem(HttpStatus.BAD_REQUEST, 'no-file', { zh: '请选择要导入的 .xlsx 文件（字段 file）', en: 'attach the .xlsx file as the multipart field "file"' });
    }
    if (file.size === 0) throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'empty-file', { zh: '文件为空，请选择要导入的 .xlsx 文件', en: 'the file is empty: attach the .xlsx workbook to import' });
    let rows;
    try {
      rows = await readImportSheet(file.buffer);
    } catch (err) {
      if (err instanceof SheetProblem) throw new DomainProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'import-sheet', err.text);
      throw err;
    }
    const policy = POLICIES.forCallYear(Number(shanghaiDate(new Date()).slice(0, 4)));
    return { rows, policy, ...checkImportRows(rows, shanghaiDate(new Date()), policy) };
  }

  async dryRun(file: { buffer: Buffer; size: number } | undefined): Promise<DryRun> {
    const { rows, valid, errors } = await this.check(file);
    return { dryRun: true, rows: rows.length, valid: valid.length, errors, preview: valid.slice(0, 20) };
  }

  /** All or nothing: a file with a bad row is refused with every bad row; a good one starts its import workflow. */
  async run(file: { buffer: Buffer; size: number } | undefined, caller: Principal): Promise<ImportStarted> {
    const { rows, valid, errors, policy } = await this.check(file);
    if (errors.length || valid.length === 0) {
      throw new DomainProblem(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'import-rows',
        errors.length
          ? { zh: `有 ${new Set(errors.map((e) => e.row)).size} 行有误，未导入任何数据；请修改后重试（可先试运行）`, en: `${new Set(errors.map((e) => e.row)).size} rows are wrong; nothing was imported` }
          : { zh: '文件中没有数据行', en: 'the file has no data rows' },
        '第十七条',
        { errors, rows: rows.length },
      );
    }
    const importId = createHash('sha256').update(file!.buffer).digest('hex').slice(0, 16);
    const workflowId = WorkflowIds.platformImport(importId);
    // The workflow first, outside any transaction (no audit lock waits on Temporal); then its audit event, once,
    // also when a retry finds the workflow started by a request that died before writing it.
    let started = true;
    try {
      await this.temporal.client.workflow.start(WorkflowTypes.platformImport, {
        workflowId,
        taskQueue: TaskQueues.lifecycle,
        args: [{ importId, policyVersion: policy.id, by: caller.username, rows: valid.map((r) => ({ row: r.row, creditCode: r.creditCode, institutionName: r.institutionName, awardedOn: r.awardedOn, functions: r.functions })) }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      started = false;
    }
    await recordOnce(this.dataSource, { key: `${workflowId}/start`, workflowId, action: 'start' }, (m) =>
      appendAudit(m, { actor: `user:${caller.username}`, action: 'platforms.import_started', entityType: 'platform_import', entityId: importId, data: { rows: valid.length } }),
    );
    return { dryRun: false, importId, workflowId, started, status: await this.status(importId).catch(() => null) };
  }

  status(importId: string): Promise<PlatformImportStatus> {
    return this.workflows.query(WorkflowIds.platformImport(importId), platformImportStatusQuery, { zh: `未找到导入任务 ${importId}`, en: `import ${importId} not found` });
  }
}
