import PDFDocument from 'pdfkit';
import type { PdfFont } from './pdf-font';
import { beijingDateTime, fileSize, ISSUER, RECEIPT_TITLE, type ReceiptContent, SUMMARY_TITLE, type SummaryContent } from './receipt.content';

/** A4 in points, with the margins of an office document. */
const MARGIN = { top: 56, bottom: 64, left: 56, right: 56 };
const CELL_PAD = 4;
const LINE = '#9a9a9a';

interface Column {
  header: string;
  width: number;
}

/**
 * A plain A4 document in the embedded Chinese font: a title, headings, paragraphs and ruled tables whose rows move
 * whole to the next page (with the header again), and a footer with the page numbers on every page.
 */
class Sheet {
  private readonly doc: PDFKit.PDFDocument;
  private readonly done: Promise<Buffer>;

  constructor(font: PdfFont, title: string) {
    this.doc = new PDFDocument({ size: 'A4', margins: MARGIN, bufferPages: true, lang: 'zh-CN', info: { Title: title, Author: ISSUER, Creator: ISSUER } });
    const chunks: Buffer[] = [];
    this.done = new Promise((resolve, reject) => {
      this.doc.on('data', (c: Buffer) => chunks.push(c));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
    });
    this.doc.registerFont('cjk', font.data, font.face);
    this.doc.font('cjk');
  }

  private get width(): number {
    return this.doc.page.width - MARGIN.left - MARGIN.right;
  }

  /** Starts a new page unless `height` more points fit on this one. */
  private room(height: number): void {
    if (this.doc.y + height > this.doc.page.maxY()) this.doc.addPage();
  }

  title(text: string): void {
    this.doc.fontSize(17).text(text, MARGIN.left, this.doc.y, { width: this.width, align: 'center' });
    this.doc.moveDown(1);
  }

  heading(text: string): void {
    this.room(48);
    this.doc.moveDown(0.6);
    this.doc.fontSize(12).text(text, MARGIN.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3);
  }

  paragraph(text: string, size = 10, align: 'left' | 'right' = 'left'): void {
    this.doc.fontSize(size);
    this.room(this.doc.heightOfString(text, { width: this.width }));
    this.doc.text(text, MARGIN.left, this.doc.y, { width: this.width, lineGap: 2, align });
    this.doc.moveDown(0.2);
  }

  /** Label and value pairs, as the head of a form. */
  fields(rows: Array<[string, string]>): void {
    this.table([{ header: '', width: 120 }, { header: '', width: this.width - 120 }], rows, false);
  }

  /** A ruled table; a row never splits across pages, and a new page repeats the header. */
  table(columns: Column[], rows: string[][], header = true): void {
    const size = 9.5;
    this.doc.fontSize(size);
    const heightOf = (cells: string[]): number =>
      Math.max(...cells.map((cell, i) => this.doc.heightOfString(cell || ' ', { width: columns[i]!.width - 2 * CELL_PAD }))) + 2 * CELL_PAD;
    const draw = (cells: string[], shaded: boolean): void => {
      const h = heightOf(cells);
      const y = this.doc.y;
      let x = MARGIN.left;
      cells.forEach((cell, i) => {
        const w = columns[i]!.width;
        if (shaded) this.doc.rect(x, y, w, h).fillAndStroke('#eeeeee', LINE).fillColor('black');
        else this.doc.rect(x, y, w, h).lineWidth(0.5).strokeColor(LINE).stroke();
        this.doc.text(cell, x + CELL_PAD, y + CELL_PAD, { width: w - 2 * CELL_PAD });
        x += w;
      });
      this.doc.x = MARGIN.left;
      this.doc.y = y + h;
    };
    const head = columns.map((c) => c.header);
    if (header) {
      this.room(heightOf(head) + heightOf(rows[0] ?? head));
      draw(head, true);
    }
    for (const row of rows) {
      const h = heightOf(row);
      if (this.doc.y + h > this.doc.page.maxY()) {
        this.doc.addPage();
        if (header) draw(head, true);
      }
      draw(row, false);
    }
    this.doc.moveDown(0.4);
  }

  /** Numbers every page in its bottom margin, then ends the document. */
  finish(footer: string): Promise<Buffer> {
    const { start, count } = this.doc.bufferedPageRange();
    for (let i = start; i < start + count; i++) {
      this.doc.switchToPage(i);
      // Text in the bottom margin would start a new page: the margin is lifted while the footer is written.
      this.doc.page.margins.bottom = 0;
      this.doc.fontSize(8).fillColor('#555555').text(`${footer}    第 ${i - start + 1} 页，共 ${count} 页`, MARGIN.left, this.doc.page.height - MARGIN.bottom + 24, { width: this.width, align: 'center' });
      this.doc.page.margins.bottom = MARGIN.bottom;
      this.doc.fillColor('black');
    }
    this.doc.end();
    return this.done;
  }
}

/** The received files of each Art. 10 material: its name, each file's name, size and the first 12 hex of its SHA-256. */
function materials(sheet: Sheet, c: ReceiptContent): void {
  const rows = c.fields.materials.flatMap((m) =>
    m.files.length ? m.files.map((f, i) => [i === 0 ? c.materialNames[m.key] : '', f.filename, fileSize(f.sizeBytes), f.sha256.slice(0, 12)]) : [[c.materialNames[m.key], '未收到', '', '']],
  );
  sheet.table(
    [
      { header: '材料（第十条）', width: 172 },
      { header: '文件名', width: 141 },
      { header: '大小', width: 70 },
      { header: 'SHA-256（前12位）', width: 100.28 },
    ],
    rows,
  );
}

function head(sheet: Sheet, c: ReceiptContent, extra: Array<[string, string]> = []): void {
  const f = c.fields;
  sheet.fields([
    ['申报编号', f.applicationId],
    ['申报机构', f.institutionName],
    ['统一社会信用代码', f.creditCode],
    ['申报年度', `${f.callYear}年度`],
    ['提交时间', beijingDateTime(f.submittedAt)],
    ...extra,
    ['当前阶段', c.stage],
  ]);
}

/** Who issued it, when it was printed, and the verification code of its content fields. */
function close(sheet: Sheet, c: ReceiptContent): void {
  sheet.paragraph(`出具单位：${c.issuer}`, 10, 'right');
  sheet.paragraph(`打印时间：${beijingDateTime(c.printedAt)}`, 10, 'right');
  sheet.heading('核验码（SHA-256）');
  sheet.paragraph(c.digest, 9);
  sheet.paragraph('核验码由申报编号、机构名称、统一社会信用代码、申报年度、提交时间及所收各材料文件的名称、大小和完整 SHA-256 计算得出，可与系统记录核对；内容不符即非本系统出具的原件。', 8);
}

/** The 受理回执 the applicant keeps: what was received, when, where it stands, and what comes next (第十条). */
export function renderReceipt(c: ReceiptContent, font: PdfFont): Promise<Buffer> {
  const sheet = new Sheet(font, RECEIPT_TITLE);
  sheet.title(RECEIPT_TITLE);
  head(sheet, c);
  sheet.heading('已收到的申报材料');
  materials(sheet, c);
  sheet.heading('下一步');
  for (const line of c.next) sheet.paragraph(line);
  sheet.paragraph(`${c.basis}，现确认收到上述申报材料，特此回执。`);
  close(sheet, c);
  return sheet.finish(`申报编号 ${c.fields.applicationId}`);
}

/** The application summary for the file: facts and their check, materials, site visit, score and decisions. */
export function renderSummary(c: SummaryContent, font: PdfFont): Promise<Buffer> {
  const sheet = new Sheet(font, SUMMARY_TITLE);
  sheet.title(SUMMARY_TITLE);
  head(sheet, c, [['联系人', c.contact ?? '未填写']]);

  sheet.heading('一、申报条件核查（第六条至第八条）');
  if (!c.eligibility) {
    sheet.paragraph('该申报提交时尚未要求填写申报条件事实，其条件由佐证材料及实地考察核实（第十一条）。');
  } else {
    sheet.paragraph(`核查结论：${c.eligibility.outcome}`);
    sheet.table(
      [
        { header: '条款', width: 200 },
        { header: '核查结果', width: 283.28 },
      ],
      c.eligibility.articles.map((a) => [a.article, a.result]),
    );
    sheet.table(
      [
        { header: '条款', width: 100 },
        { header: '申报事实与要求', width: 248.28 },
        { header: '结果', width: 135 },
      ],
      c.eligibility.clauses.map((r) => [r.article, r.text, r.result]),
    );
  }

  sheet.heading('二、申报材料（第十条）');
  materials(sheet, c);

  sheet.heading('三、实地考察（第十一条）');
  for (const line of c.siteVisit ?? ['尚未录入实地考察结果。']) sheet.paragraph(line);

  sheet.heading('四、专家评审（第十二条）');
  sheet.paragraph(c.score === null ? '尚未完成专家评分。' : `专家评审总分：${c.score} 分`);

  sheet.heading('五、办理记录');
  if (!c.decisions.length) sheet.paragraph('暂无记录。');
  else
    sheet.table(
      [
        { header: '时间', width: 100 },
        { header: '经办人', width: 100 },
        { header: '事项', width: 110 },
        { header: '依据', width: 63 },
        { header: '说明', width: 110.28 },
      ],
      c.decisions.map((d) => [beijingDateTime(d.at), d.who, d.action, d.article, d.note]),
    );

  sheet.heading('当前阶段与下一步');
  for (const line of c.next) sheet.paragraph(line);
  sheet.paragraph(`${c.basis}。`);
  close(sheet, c);
  return sheet.finish(`申报编号 ${c.fields.applicationId}`);
}
