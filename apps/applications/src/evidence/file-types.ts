import { EVIDENCE_TYPES, type EvidenceContentType } from '@sme/policy';

/**
 * The evidence types accepted (libs/policy `EVIDENCE_TYPES`), each recognised from the file's first bytes (its
 * signature), never from the name or the type the browser claimed: PDF, PNG, JPEG, and the Office Open XML
 * documents (a ZIP with the extension).
 */
export interface AcceptedType {
  contentType: EvidenceContentType;
  label: string;
  /** A ZIP archive (the Office documents), whose declared sizes are checked before it is kept (`zip-limits`). */
  zip: boolean;
}

const accepted = (contentType: EvidenceContentType, zip = false): AcceptedType => ({ contentType, label: EVIDENCE_TYPES[contentType], zip });

const OOXML: Record<string, AcceptedType> = {
  docx: accepted('application/vnd.openxmlformats-officedocument.wordprocessingml.document', true),
  xlsx: accepted('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', true),
  pptx: accepted('application/vnd.openxmlformats-officedocument.presentationml.presentation', true),
};

const startsWith = (b: Buffer, bytes: number[]) => bytes.every((x, i) => b[i] === x);

export function sniffType(bytes: Buffer, filename: string): AcceptedType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return accepted('application/pdf');
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return accepted('image/png');
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return accepted('image/jpeg');
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const ext = /\.([a-z]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
    return OOXML[ext] ?? null;
  }
  return null;
}

export const ACCEPTED_LABELS: readonly string[] = Object.values(EVIDENCE_TYPES);
