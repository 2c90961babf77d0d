import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { WORKSPACE_ROOT } from './paths';

export interface PdfText {
  /** Each page's text in reading order, lines ended by "\n". */
  pages: string[];
  /** All pages' text. */
  text: string;
  /** The document information dictionary (Title, Author, ...). */
  info: Record<string, unknown>;
}

/**
 * The text a reader would get out of a PDF, extracted by Mozilla's pdf.js (pdfjs-dist, legacy build for Node) in a
 * child process: a PDF pdf.js cannot parse fails the test.
 */
export function pdfText(bytes: Buffer): Promise<PdfText> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [path.join(WORKSPACE_ROOT, 'libs/testing/src/pdf-text.mjs')], { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`pdf.js could not read the PDF: ${stderr || err.message}`));
      const { pages, info } = JSON.parse(stdout) as { pages: string[]; info: Record<string, unknown> };
      resolve({ pages, text: pages.join('\n'), info });
    });
    child.stdin!.end(bytes);
  });
}
