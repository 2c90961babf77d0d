import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PublicPlatform } from '@sme/contracts';
import { EvaluationEntity, PlatformAwardEntity, PlatformEntity, PublicNoticeEntity } from '@sme/persistence';
import { SERVICE_FUNCTION_NAMES, type ServiceFunction, shanghaiDate } from '@sme/policy';
import type { RuntimeConfig } from '@sme/runtime';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { Feed } from 'feed';
import { type DataSource, Not } from 'typeorm';
import { publicPlatform } from '../platforms/platform.service';
import { RUNTIME_CONFIG } from '../tokens';

/** A notice as the open data give it: the period, the candidates, and when closed who stayed and who was removed. */
export interface OpenNotice {
  noticeId: string;
  callYear: number;
  published: string;
  start: string;
  end: string;
  provisional: boolean;
  article: '第十三条';
  candidates: Array<{ creditCode: string; institutionName: string; rank: number }>;
  objections: number;
  closed: boolean;
  closedAt: string | null;
  confirmed: Array<{ creditCode: string; institutionName: string; rank: number }> | null;
  removed: Array<{ creditCode: string; institutionName: string; rank: number; reason: string }> | null;
}

/** A column of a download: its key (JSON, CSV) and its Chinese heading (CSV, workbook). */
interface Column<T> {
  key: string;
  zh: string;
  width: number;
  value: (row: T) => string | number | null;
}

const STATUS_ZH: Record<PublicPlatform['status'], string> = { valid: '有效', revoked: '已撤销', lapsed: '期满失效', expired: '已过有效期' };
const functionNames = (fs: string[]) => fs.map((f) => SERVICE_FUNCTION_NAMES[f as ServiceFunction]?.zh ?? f).join('、');

export const REGISTER_COLUMNS: Array<Column<PublicPlatform>> = [
  { key: 'creditCode', zh: '统一社会信用代码', width: 22, value: (r) => r.creditCode },
  { key: 'institutionName', zh: '机构名称', width: 40, value: (r) => r.institutionName },
  { key: 'listYear', zh: '认定年度', width: 10, value: (r) => r.listYear },
  { key: 'awardedOn', zh: '认定日期', width: 12, value: (r) => r.awardedOn },
  { key: 'validThrough', zh: '有效期至', width: 12, value: (r) => r.validThrough },
  { key: 'status', zh: '状态', width: 12, value: (r) => `${STATUS_ZH[r.status]}（${r.status}）` },
  { key: 'endedOn', zh: '终止日期', width: 12, value: (r) => r.endedOn },
  { key: 'endArticle', zh: '依据条款', width: 10, value: (r) => r.endArticle },
  { key: 'functions', zh: '服务功能', width: 30, value: (r) => functionNames(r.functions) },
];

/** One row per candidate of each notice (a workbook or a CSV is flat); the JSON keeps each notice whole. */
type NoticeRow = { notice: OpenNotice; candidate: OpenNotice['candidates'][number] };
export const NOTICE_COLUMNS: Array<Column<NoticeRow>> = [
  { key: 'noticeId', zh: '公示编号', width: 12, value: (r) => r.notice.noticeId },
  { key: 'callYear', zh: '年度', width: 8, value: (r) => r.notice.callYear },
  { key: 'published', zh: '发布日期', width: 12, value: (r) => r.notice.published },
  { key: 'start', zh: '公示开始', width: 12, value: (r) => r.notice.start },
  { key: 'end', zh: '公示结束', width: 12, value: (r) => r.notice.end },
  { key: 'rank', zh: '排名', width: 6, value: (r) => r.candidate.rank },
  { key: 'creditCode', zh: '统一社会信用代码', width: 22, value: (r) => r.candidate.creditCode },
  { key: 'institutionName', zh: '机构名称', width: 40, value: (r) => r.candidate.institutionName },
  { key: 'result', zh: '公示结果', width: 40, value: (r) => noticeResult(r) },
];

function noticeResult({ notice, candidate }: NoticeRow): string {
  if (!notice.closed) return '公示中（open）';
  const removed = notice.removed?.find((x) => x.creditCode === candidate.creditCode);
  return removed ? `异议成立，不予认定：${removed.reason}（removed）` : '公示无异议或异议不成立（confirmed）';
}

/** Beijing midnight of a date, as an instant (Atom needs one). */
const beijingDay = (date: string): Date => new Date(`${date}T00:00:00+08:00`);

/**
 * The open data of the measure (第十三条 notices, 第十四条 awards, 第十七条 revocations and lapses, 第十九条 evaluation
 * results): the whole register and every notice as CSV, JSON and .xlsx, and an Atom feed of notices and results.
 */
@Injectable()
export class OpenDataService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  /** Every platform ever on the register, with its standing today (the public list shows at most 500). */
  async register(): Promise<PublicPlatform[]> {
    const today = shanghaiDate(Date.now());
    const rows = await this.dataSource.getRepository(PlatformEntity).find({ order: { listYear: 'DESC', institutionName: 'ASC', creditCode: 'ASC' } });
    return rows.map((r) => publicPlatform(r, today));
  }

  /** Every notice the notice workflows recorded, newest first (never who objected or what they wrote). */
  async notices(): Promise<OpenNotice[]> {
    const rows = await this.dataSource.getRepository(PublicNoticeEntity).find({ order: { published: 'DESC', noticeId: 'DESC' } });
    return rows.map((n) => ({
      noticeId: n.noticeId,
      callYear: n.callYear,
      published: n.published,
      start: n.start,
      end: n.end,
      provisional: n.provisional,
      article: '第十三条',
      candidates: n.candidates,
      objections: n.objections,
      closed: n.closedAt !== null,
      closedAt: n.closedAt?.toISOString() ?? null,
      confirmed: n.confirmed,
      removed: n.removed,
    }));
  }

  csv<T>(columns: Array<Column<T>>, rows: T[]): string {
    // A byte-order mark, so that Excel opens the Chinese as UTF-8; headings in Chinese with the JSON key.
    return stringify([columns.map((c) => `${c.zh}(${c.key})`), ...rows.map((r) => columns.map((c) => c.value(r) ?? ''))], { bom: true });
  }

  async workbook<T>(sheet: string, columns: Array<Column<T>>, rows: T[]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    wb.creator = '厦门市中小企业公共服务示范平台管理系统';
    const ws = wb.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns.map((c) => ({ header: c.zh, width: c.width }));
    ws.getRow(1).font = { bold: true };
    for (const r of rows) ws.addRow(columns.map((c) => c.value(r)));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  noticeRows(notices: OpenNotice[]): NoticeRow[] {
    return notices.flatMap((notice) => notice.candidates.map((candidate) => ({ notice, candidate })));
  }

  /** The feed: each notice published and closed, each year's awards, each title ended, each evaluation published. */
  async feed(): Promise<string> {
    const site = this.config.publicUrl;
    const [notices, awards, ended, evaluations] = await Promise.all([
      this.notices(),
      this.dataSource
        .getRepository(PlatformAwardEntity)
        .createQueryBuilder('a')
        .innerJoin(PlatformEntity, 'p', 'p.credit_code = a.credit_code')
        .select(['a.call_year AS "callYear"', 'a.awarded_on::text AS "awardedOn"', `json_agg(json_build_object('creditCode', a.credit_code, 'institutionName', p.institution_name) ORDER BY p.institution_name) AS platforms`])
        .groupBy('a.call_year, a.awarded_on')
        .getRawMany<{ callYear: number; awardedOn: string; platforms: Array<{ creditCode: string; institutionName: string }> }>(),
      this.dataSource.getRepository(PlatformEntity).find({ where: { status: Not('valid') } }),
      this.dataSource.getRepository(EvaluationEntity).find({ where: { stage: 'published' } }),
    ]);
    type Entry = { id: string; title: string; date: Date; link: string; content: string };
    const entries: Entry[] = [];
    const list = (xs: Array<{ creditCode: string; institutionName: string }>) => `<ol>${xs.map((x) => `<li>${escapeHtml(x.institutionName)}（${x.creditCode}）</li>`).join('')}</ol>`;
    for (const n of notices) {
      entries.push({
        id: `urn:sme-platforms:notice:${n.noticeId}`,
        title: `${n.callYear}年度厦门市中小企业公共服务示范平台拟认定名单公示（${n.start} 至 ${n.end}）`,
        date: beijingDay(n.published),
        link: `${site}/#notices`,
        content: `<p>公示期${n.start}至${n.end}（第十三条，${n.provisional ? '结束日暂定' : '按工作日计算'}）。公示期内可对公示对象提出异议。</p>${list(n.candidates)}`,
      });
      if (n.closed) {
        entries.push({
          id: `urn:sme-platforms:notice:${n.noticeId}:result`,
          title: `${n.callYear}年度拟认定名单公示结束`,
          date: new Date(n.closedAt!),
          link: `${site}/#notices`,
          content: `<p>公示无异议或异议不成立：</p>${list(n.confirmed ?? [])}${(n.removed ?? []).length ? `<p>异议成立，不予认定：</p><ol>${n.removed!.map((r) => `<li>${escapeHtml(r.institutionName)}（${r.creditCode}）：${escapeHtml(r.reason)}</li>`).join('')}</ol>` : ''}`,
        });
      }
    }
    for (const a of awards) {
      entries.push({
        id: `urn:sme-platforms:awards:${a.callYear}:${a.awardedOn}`,
        title: `${a.callYear}年度认定厦门市中小企业公共服务示范平台（${a.platforms.length}家）`,
        date: beijingDay(a.awardedOn),
        link: `${site}/#register`,
        content: `<p>${a.awardedOn}认定（第十四条），有效期三年。</p>${list(a.platforms)}`,
      });
    }
    for (const p of ended) {
      const what = p.status === 'revoked' ? '撤销示范平台称号' : '示范平台称号期满失效';
      entries.push({
        id: `urn:sme-platforms:title-end:${p.creditCode}:${p.endedOn ?? ''}`,
        title: `${p.institutionName}：${what}（${p.endArticle ?? '第十七条'}）`,
        date: beijingDay(p.endedOn ?? p.validThrough),
        link: `${site}/#register`,
        content: `<p>${escapeHtml(p.institutionName)}（${p.creditCode}）于${p.endedOn ?? p.validThrough}${what}，依据${p.endArticle ?? '第十七条'}。</p>`,
      });
    }
    for (const e of evaluations) {
      entries.push({
        id: `urn:sme-platforms:evaluation:${e.year}`,
        title: `${e.year}年度示范平台考核评价结果发布`,
        date: e.publishedAt ?? new Date(),
        link: `${site}/#evaluation-${e.year}`,
        content: `<p>${e.year}年度考核评价结果已发布（第十九条），详见公开页面。</p>`,
      });
    }
    entries.sort((a, b) => b.date.getTime() - a.date.getTime() || a.id.localeCompare(b.id));
    const feed = new Feed({
      id: `${site}/svc/applications/api/public/feed.atom`,
      title: '厦门市中小企业公共服务示范平台：公示与结果',
      description: '拟认定名单公示、认定结果、称号撤销与失效、年度考核评价结果（厦门市中小企业公共服务示范平台认定管理暂行办法）',
      link: site,
      language: 'zh-CN',
      updated: entries[0]?.date ?? new Date(0),
      copyright: '厦门市工业和信息化局',
      feedLinks: { atom: `${site}/svc/applications/api/public/feed.atom` },
    });
    for (const e of entries.slice(0, FEED_ENTRIES)) feed.addItem({ id: e.id, title: e.title, link: e.link, date: e.date, content: e.content });
    return feed.atom1();
  }
}

/** The newest entries the feed carries (a reader keeps what it has seen). */
export const FEED_ENTRIES = 200;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
