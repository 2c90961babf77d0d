import { Alert, Button, Card, Empty, Input, List, message, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useContext, useState } from 'react';
import type { PublicNotice, PublicPlatform } from '@sme/contracts/public';
import { api } from '../api';
import { FUNCTION_NAMES, LangContext, useT } from '../i18n';
import { LoadError } from './LoadError';
import { ObjectionForm } from './ObjectionForm';
import { useLoad } from './useLoad';

function NoticeBoard() {
  const t = useT();
  const [objecting, setObjecting] = useState<PublicNotice | null>(null);
  const [toast, toastHolder] = message.useMessage();
  const { data, error, loading, reload } = useLoad(() => api<PublicNotice[]>('applications', '/api/public/notices'), []);
  if (error) return <LoadError error={error} retry={reload} />;
  return (
    <>
    {toastHolder}
    {objecting && (
      <ObjectionForm
        notice={objecting}
        onClose={() => setObjecting(null)}
        onDone={(id) => {
          setObjecting(null);
          void toast.success({ content: `${t('objectionReceived')} ${id}`, className: 'objection-received' });
          reload();
        }}
      />
    )}
    <List
      loading={loading}
      dataSource={data ?? []}
      locale={{ emptyText: <Empty description={t('noNotices')} /> }}
      renderItem={(n) => (
        <Card
          key={n.noticeId}
          data-testid={`notice-${n.noticeId}`}
          title={`${n.callYear} · ${t('noticeBoard')} ${n.noticeId}`}
          style={{ marginBottom: 16 }}
          extra={n.open ? <Button onClick={() => setObjecting(n)} data-testid={`object-${n.noticeId}`}>{t('raiseObjection')}</Button> : <Tag>{t('noticeClosed')}</Tag>}
        >
          <Space direction="vertical">
            <span>
              {t('noticePeriod')}：{n.start} – {n.end} {n.provisional && <Tag color="orange">{t('provisional')}</Tag>}
            </span>
            <span>
              {t('workingDaysLeft')}：<Typography.Text strong data-testid="working-days-left">{n.workingDaysLeft}</Typography.Text> · {t('objections')}：
              <span data-testid="objection-count">{n.objections}</span>
            </span>
            <span>{t('candidates')}：</span>
            <List size="small" dataSource={n.candidates} renderItem={(c) => <List.Item>{c.rank}. {c.institutionName}（{c.creditCode}）</List.Item>} />
          </Space>
        </Card>
      )}
    />
    </>
  );
}

function PlatformList() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [q, setQ] = useState('');
  const { data, error, loading, reload } = useLoad(() => api<PublicPlatform[]>('applications', `/api/public/platforms${q ? `?q=${encodeURIComponent(q)}` : ''}`), [q]);
  if (error) return <LoadError error={error} retry={reload} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.Search placeholder={t('search')} allowClear onSearch={setQ} style={{ maxWidth: 360 }} maxLength={100} data-testid="platform-search" />
      <Table<PublicPlatform>
        rowKey="creditCode"
        loading={loading}
        dataSource={data ?? []}
        locale={{ emptyText: <Empty description={t('noPlatforms')} /> }}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t('institution'), dataIndex: 'institutionName' },
          { title: t('creditCode'), dataIndex: 'creditCode' },
          { title: t('awardedOn'), dataIndex: 'awardedOn' },
          { title: t('validThrough'), dataIndex: 'validThrough', render: (v: string, r) => (
              <Space>
                {v}
                <Tag color={r.valid ? 'green' : r.status === 'revoked' ? 'red' : 'default'} data-testid={`register-status-${r.creditCode}`}>
                  {r.status === 'valid' ? t('valid') : r.status === 'revoked' ? t('titleRevoked') : r.status === 'lapsed' ? t('titleLapsed') : t('expired')}
                  {r.status === 'revoked' || r.status === 'lapsed' ? ` ${r.endedOn ?? ''}（${r.endArticle ?? ''}）` : ''}
                </Tag>
              </Space>
            ) },
          { title: t('functions'), dataIndex: 'functions', render: (f: string[]) => f.map((x) => <Tag key={x}>{FUNCTION_NAMES[x]?.[lang] ?? x}</Tag>) },
        ]}
      />
    </Space>
  );
}

export function PublicHome() {
  const t = useT();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="info" showIcon message={t('publicIntro')} />
      <Tabs items={[
        { key: 'notices', label: t('noticeBoard'), children: <NoticeBoard /> },
        { key: 'platforms', label: t('platformList'), children: <PlatformList /> },
      ]} />
    </Space>
  );
}
