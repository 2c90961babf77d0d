import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One uploaded evidence file; its bytes live at <EVIDENCE_DIR>/<sha256[0..2]>/<sha256>. */
@Entity({ schema: 'applications', name: 'evidence_file' })
export class EvidenceFileEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The application it belongs to; null while it belongs only to a draft not yet submitted. */
  @Column({ name: 'application_id', type: 'uuid', nullable: true })
  applicationId!: string | null;

  /** The draft it was uploaded to, if any (kept after submission, as where it came from). */
  @Column({ name: 'draft_id', type: 'uuid', nullable: true })
  draftId!: string | null;

  /** Which material it supports: applicationForm, platformIntroduction, supportingEvidence. */
  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  filename!: string;

  /** The type found from the file's own bytes, not the one the browser claimed. */
  @Column({ name: 'content_type', type: 'text' })
  contentType!: string;

  @Column({ name: 'size_bytes', type: 'bigint' })
  sizeBytes!: string;

  @Column({ type: 'text' })
  sha256!: string;

  @Column({ name: 'uploaded_by', type: 'text' })
  uploadedBy!: string;

  @CreateDateColumn({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt!: Date;
}
