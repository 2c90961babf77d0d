/**
 * The evidence types accepted, each recognised from the file's first bytes (its signature), never from the name
 * or the type the browser claimed: PDF, PNG, JPEG, and the Office Open XML documents (a ZIP with the extension).
 */
export interface AcceptedType {
  contentType: string;
  label: string;
}

const OOXML: Record<string, AcceptedType> = {
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word (.docx)' },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Excel (.xlsx)' },
  pptx: { contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', label: 'PowerPoint (.pptx)' },
};

const startsWith = (b: Buffer, bytes: number[]) => bytes.every((x, i) => b[i] === x);

export function sniffType(bytes: Buffer, filename: string): AcceptedType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { contentType: 'application/pdf', label: 'PDF' };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { contentType: 'image/png', label: 'PNG' };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { contentType: 'image/jpeg', label: 'JPEG' };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const ext = /\.([a-z]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
    return OOXML[ext] ?? null;
  }
  return null;
}

export const ACCEPTED_LABELS = ['PDF', 'PNG', 'JPEG', ...Object.values(OOXML).map((t) => t.label)];
