import { Alert, Button, Card, Empty, message, Progress, Select, Space, Table, Upload } from 'antd';
import { useContext, useState } from 'react';
import { answer, ApiError, client, saveAs, type Schema, upload } from '../../api';
import { byteSize, LangContext, MATERIAL_NAMES, shanghaiDateTime, useT } from '../../i18n';
import { LoadError } from '../LoadError';
import { useLoad } from '../useLoad';
import { MATERIAL_KEYS } from './facts';

/** An evidence file as the service lists it (libs/api-client). */
type EvidenceFile = Schema<'EvidenceFileEntity'>;

/** Whose files: an application's (`applications/<id>`) or a draft's (`drafts/<id>`). */
type EvidenceOwner = `applications/${string}` | `drafts/${string}`;

/** The files of `owner`, through the typed client. */
function evidenceOf(owner: EvidenceOwner): Promise<EvidenceFile[]> {
  const [kind, id = ''] = owner.split('/');
  return kind === 'drafts'
    ? answer(client.GET('/svc/applications/api/drafts/{id}/evidence', { params: { path: { id } } }))
    : answer(client.GET('/svc/applications/api/applications/{id}/evidence', { params: { path: { id } } }));
}

const kb = (bytes: string) => `${(Number(bytes) / 1024).toFixed(1)} KB`;

/**
 * The evidence files (第十条) of an application (`owner` = `applications/<id>`) or of a draft (`drafts/<id>`): the list,
 * downloads, and (for the applicant, while the service takes files) uploads with a progress bar. The service finds the
 * type from the bytes, refuses what it will not keep, and decides what counts; its reason is shown as is.
 */
export function EvidencePanel({ owner, canUpload, onFiles }: { owner: EvidenceOwner; canUpload: boolean; onFiles?: (files: EvidenceFile[]) => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [kind, setKind] = useState<string>('supportingEvidence');
  const [progress, setProgress] = useState<{ name: string; percent: number } | null>(null);
  const [toast, toastHolder] = message.useMessage();
  const { data, error, loading, reload } = useLoad(async () => {
    const files = await evidenceOf(owner);
    onFiles?.(files);
    return files;
  }, [owner]);

  const limits = useLoad(async () => (canUpload ? answer(client.GET('/svc/applications/api/evidence/limits')) : null), [canUpload]).data;
  const limitsText = limits
    ? t('fileTypes')
        .replace('{types}', limits.types.join(lang === 'zh' ? '、' : ', '))
        .replace('{size}', byteSize(limits.maxBytes))
        .replace('{files}', String(limits.quotaFiles))
        .replace('{total}', byteSize(limits.quotaBytes))
    : '';

  const send = async (file: File) => {
    const body = new FormData();
    body.append('kind', kind);
    body.append('file', file);
    setProgress({ name: file.name, percent: 0 });
    try {
      const [ownerKind, id = ''] = owner.split('/');
      const onProgress = (percent: number) => setProgress({ name: file.name, percent });
      await (ownerKind === 'drafts'
        ? upload('/svc/applications/api/drafts/{id}/evidence', { id }, body, onProgress)
        : upload('/svc/applications/api/applications/{id}/evidence', { id }, body, onProgress));
      void toast.success({ content: `${t('uploaded')}: ${file.name}`, className: 'evidence-uploaded' });
      reload();
    } catch (err) {
      void toast.error({ content: err instanceof ApiError ? err.text(lang) : String(err), className: 'evidence-refused', duration: 6 });
    } finally {
      setProgress(null);
    }
  };

  return (
    <Card size="small" title={t('evidence')} style={{ marginTop: 16 }} data-testid="evidence-panel">
      {toastHolder}
      {canUpload && (
        <Space direction="vertical" style={{ width: '100%', marginBottom: 12 }}>
          <Space wrap>
            <Select value={kind} onChange={setKind} style={{ width: 200 }} aria-label={t('uploadFor')} data-testid="evidence-kind" options={MATERIAL_KEYS.map((m) => ({ value: m, label: MATERIAL_NAMES[m]![lang] }))} />
            <Upload showUploadList={false} beforeUpload={(file) => { void send(file); return false; }} disabled={progress !== null}>
              <Button disabled={progress !== null} data-testid="evidence-choose">{t('chooseFile')}</Button>
            </Upload>
          </Space>
          <span style={{ color: '#595959' }} data-testid="upload-limits">{limitsText}</span>
          <span style={{ color: '#595959' }} data-testid="template-kinds">{t('templateKinds')}</span>
          {progress && (
            <div data-testid="upload-progress">
              {t('uploading')} {progress.name}
              <Progress percent={progress.percent} size="small" status="active" aria-label={`${t('uploading')} ${progress.name}`} />
            </div>
          )}
        </Space>
      )}
      {error ? (
        <LoadError error={error} retry={reload} />
      ) : (
        <Table<EvidenceFile>
          rowKey="id"
          size="small"
          loading={loading}
          pagination={false}
          dataSource={data ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noEvidence')} /> }}
          columns={[
            { title: t('filename'), dataIndex: 'filename', render: (f: string) => <span data-testid="evidence-file">{f}</span> },
            { title: t('stepMaterials'), dataIndex: 'kind', render: (k: string) => MATERIAL_NAMES[k]?.[lang] ?? k },
            { title: t('size'), dataIndex: 'sizeBytes', render: kb },
            { title: t('submittedAt'), dataIndex: 'uploadedAt', render: (v: string) => shanghaiDateTime(v, lang) },
            {
              title: '',
              key: 'dl',
              render: (_, f) => (
                <Button type="link" size="small" onClick={() => void saveAs(client.GET('/svc/applications/api/evidence/{id}', { params: { path: { id: f.id } }, parseAs: 'blob' }), f.filename).catch((err: unknown) => void toast.error(err instanceof ApiError ? err.text(lang) : String(err)))}>
                  {t('download')}
                </Button>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}

/**
 * The answer to a request for materials (第十条): what is missing and why (no file, or none of the kind its template
 * asks for), and, once the files are uploaded above, the request to check them again.
 */
export function SupplyMaterials({ applicationId, missing, details, onDone }: { applicationId: string; missing: string[]; details?: Schema<'ApplicationStatus'>['missingDetails']; onDone: () => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [busy, setBusy] = useState(false);
  const [toast, toastHolder] = message.useMessage();
  const send = async () => {
    setBusy(true);
    try {
      await answer(client.POST('/svc/applications/api/applications/{id}/materials', { params: { path: { id: applicationId } }, body: {} }));
      onDone();
    } catch (err) {
      void toast.error({ content: err instanceof ApiError ? err.text(lang) : String(err), className: 'materials-refused' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginTop: 16 }}
      message={t('supplyMaterials')}
      data-testid="supply-materials"
      description={
        <Space direction="vertical">
          {toastHolder}
          <span>{t('supplyIntro')}</span>
          <ul style={{ margin: 0 }}>
            {missing.map((m) => (
              <li key={m} data-testid={`missing-${m}`}>
                {MATERIAL_NAMES[m]?.[lang] ?? m}
                {details?.some((d) => d.key === m && d.reason === 'wrong_type') && <span style={{ color: '#ad6800' }}>（{t('wrongKindOfFile')}）</span>}
              </li>
            ))}
          </ul>
          <Button type="primary" size="small" loading={busy} onClick={() => void send()} data-testid="supply-send">{t('askToCheckAgain')}</Button>
        </Space>
      }
    />
  );
}
