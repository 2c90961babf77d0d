import { Alert, Button, Descriptions, Drawer, Empty, Steps, Table, Tag } from 'antd';
import { useContext, useState } from 'react';
import { api } from '../api';
import { LangContext, MATERIAL_NAMES, shanghaiDateTime, STAGE_NAMES, useT, WAITING_FOR_NAMES } from '../i18n';
import { LoadError } from './LoadError';
import { useLoad } from './useLoad';

interface Summary {
  id: string;
  creditCode: string;
  institutionName: string;
  callYear: number;
  submittedAt: string;
}

interface View extends Summary {
  statusSource: 'workflow' | 'pending' | 'unavailable';
  status: null | {
    stage: string;
    waitingFor: string | null;
    deadline: string | null;
    missing: string[];
    article: string | null;
    eligibility?: { eligible: boolean; failedArticles: string[] } | null;
    score?: string | null;
  };
}

/** The path an application takes (第十条至第十二条); an ended one stops where it ended. */
const PATH = ['completeness_check', 'accepted', 'eligibility_check', 'awaiting_site_visit', 'awaiting_experts', 'scoring', 'scored'];

function Timeline({ id }: { id: string }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { data, error, loading, reload } = useLoad(() => api<View>('applications', `/api/applications/${id}`), [id]);
  if (error) return <LoadError error={error} retry={reload} />;
  if (loading || !data) return <Steps direction="vertical" items={[{ title: t('loading'), status: 'process' }]} />;
  if (!data.status) return <Alert type={data.statusSource === 'unavailable' ? 'warning' : 'info'} showIcon message={t(data.statusSource === 'unavailable' ? 'statusUnavailable' : 'statusPending')} />;
  const s = data.status;
  const detour = s.stage === 'awaiting_materials' ? 1 : -1;
  const path = detour > 0 ? [PATH[0]!, 'awaiting_materials', ...PATH.slice(1)] : PATH.includes(s.stage) ? PATH : [...PATH.slice(0, 3), s.stage];
  const at = path.indexOf(s.stage);
  return (
    <>
      <Steps
        direction="vertical"
        data-testid="timeline"
        current={at}
        status={s.stage === 'ineligible' || s.stage === 'closed_incomplete' ? 'error' : s.stage === 'scored' ? 'finish' : 'process'}
        items={path.map((stage) => ({ title: STAGE_NAMES[stage]?.[lang] ?? stage }))}
      />
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('status')}>{STAGE_NAMES[s.stage]?.[lang] ?? s.stage}</Descriptions.Item>
        {s.waitingFor && <Descriptions.Item label={t('waitingFor')}>{WAITING_FOR_NAMES[s.waitingFor]?.[lang] ?? s.waitingFor}{s.missing.length ? `${lang === 'zh' ? '：' : ': '}${s.missing.map((m) => MATERIAL_NAMES[m]?.[lang] ?? m).join(lang === 'zh' ? '、' : ', ')}` : ''}</Descriptions.Item>}
        {s.deadline && <Descriptions.Item label={t('deadline')}>{shanghaiDateTime(s.deadline, lang)}</Descriptions.Item>}
        {s.article && <Descriptions.Item label="依据 / article">{s.article}</Descriptions.Item>}
      </Descriptions>
    </>
  );
}

/** An applicant's own applications, or (staff, bureau, auditor) the latest of all, each with its progress. */
export function Applications({ title }: { title: string }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [open, setOpen] = useState<string | null>(null);
  const { data, error, loading, reload } = useLoad(() => api<Summary[]>('applications', '/api/applications'), []);
  if (error) return <LoadError error={error} retry={reload} />;
  return (
    <>
      <h2>{title}</h2>
      <Table<Summary>
        rowKey="id"
        loading={loading}
        dataSource={data ?? []}
        locale={{ emptyText: <Empty description={t('noApplications')} /> }}
        columns={[
          { title: t('institution'), dataIndex: 'institutionName' },
          { title: t('callYear'), dataIndex: 'callYear', render: (y: number) => <Tag>{y}</Tag> },
          { title: t('submittedAt'), dataIndex: 'submittedAt', render: (v: string) => shanghaiDateTime(v, lang) },
          { title: t('status'), key: 'view', render: (_, r) => <Button type="link" onClick={() => setOpen(r.id)} data-testid={`view-${r.id}`}>{t('view')}</Button> },
        ]}
      />
      <Drawer open={open !== null} onClose={() => setOpen(null)} title={t('timeline')} width={480} destroyOnHidden>
        {open && <Timeline id={open} />}
      </Drawer>
    </>
  );
}

export function MyApplications() {
  const t = useT();
  return <Applications title={t('myApplications')} />;
}

export function Pipeline() {
  const t = useT();
  return <Applications title={t('pipeline')} />;
}
