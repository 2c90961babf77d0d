import { create, type Font } from 'fontkit';
import { readFileSync } from 'node:fs';

/** A font file the PDFs can embed: its bytes and the face (PostScript name) pdfkit is to take from it. */
export interface PdfFont {
  path: string;
  face: string;
  data: Buffer;
}

export type PdfFontLoad = { ok: true; font: PdfFont } | { ok: false; reason: { zh: string; en: string } };

/** Characters every printed page has: a font without them would print empty boxes. */
const REQUIRED_TEXT = '厦门市中小企业公共服务示范平台申报受理回执摘要第十条';

/**
 * Opens the Chinese font the receipts embed (`PDF_FONT`, a TrueType/OpenType file or collection; `face` picks a face of a
 * collection by PostScript name, else its first) and checks that it has the glyphs of the fixed Chinese text. Never
 * throws: a missing, unreadable or non-Chinese font is an answer that names it, so the caller refuses to print
 * rather than print a PDF of empty glyphs.
 */
export function loadPdfFont(path: string, face: string | null): PdfFontLoad {
  const missing = (zh: string, en: string): PdfFontLoad => ({
    ok: false,
    reason: {
      zh: `无法生成 PDF：中文字体 ${path}${face ? `（${face}）` : ''}${zh}。请安装 fonts-wqy-microhei，或以 PDF_FONT 指定中文字体文件`,
      en: `cannot print the PDF: the Chinese font ${path}${face ? ` (${face})` : ''} ${en}; install fonts-wqy-microhei or point PDF_FONT at a Chinese font file`,
    },
  });
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch {
    return missing('不存在或无法读取', 'is missing or unreadable');
  }
  let font: Font | null;
  try {
    const opened = create(data);
    font = 'fonts' in opened ? (face ? opened.getFont(face) : (opened.fonts[0] ?? null)) : face === null || opened.postscriptName === face ? opened : null;
  } catch {
    return missing('不是可用的字体文件', 'is not a font file');
  }
  if (!font) return missing('中没有该字形', 'has no such face');
  const absent = [...REQUIRED_TEXT].filter((c) => !font.hasGlyphForCodePoint(c.codePointAt(0)!));
  if (absent.length) return missing(`缺少汉字字形（如“${absent.slice(0, 3).join('')}”）`, `lacks Chinese glyphs (e.g. ${absent.slice(0, 3).join('')})`);
  return { ok: true, font: { path, face: font.postscriptName, data } };
}

/**
 * The font, loaded once it is found; asked again each time while it is missing, so installing it needs no restart.
 */
export class PdfFontSource {
  private loaded?: PdfFont;

  constructor(
    private readonly path: string,
    private readonly face: string | null,
  ) {}

  get(): PdfFontLoad {
    if (this.loaded) return { ok: true, font: this.loaded };
    const load = loadPdfFont(this.path, this.face);
    if (load.ok) this.loaded = load.font;
    return load;
  }
}
