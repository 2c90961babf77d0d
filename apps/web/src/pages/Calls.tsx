import type { AnnualCallStatus, RankedCandidate } from '@sme/contracts/lifecycle';
import { Alert, Button, Card, Descriptions, Empty, Form, Input, InputNumber, message, Modal, Space, Table, Tag } from 'antd';
import { useContext, useState } from 'react';
import { api, ApiError } from '../api';
import { useAuth } from '../auth';
import { CALL_STAGE_NAMES, LangContext, shanghaiDateTime, useT } from '../i18n';
import { LoadError } from './LoadError';
import { useLoad } from './useLoad';

type Decision = 'approve' | 'send_back' | 'reject';

/**
 * A year's call as its workflow answers it: the ranking with the quota line (第四条, 第十二条); staff submit the
 * candidate list, the bureau reviews it (第十三条). Every button is a workflow update: what shows after it is the
 * workflow's answer, and a refusal shows the workflow's reason.
 */
export function Calls() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { principal } = useAuth();
  const [year, setYear] = useState<number>(() => Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date())));
  const [asking, setAsking] = useState<Decision | null>(null);
  const [busy, setBusy] = useState(false);
  const [toast, toastHolder] = message.useMessage();
  const [form] = Form.useForm<{ reason: string }>();
  const { data, error, loading, reload } = useLoad(() => api<AnnualCallStatus>('applications', `/api/calls/${year}/status`), [year]);

  const act = async (path: string, body: object) => {
    setBusy(true);
    try {
      const s = await api<AnnualCallStatus>('applications', `/api/calls/${year}/${path}`, { method: 'POST', body });
      void toast.success({ content: `${t('decisionTaken')}${CALL_STAGE_NAMES[s.stage]?.[lang] ?? s.stage}`, className: 'decision-taken' });
      reload();
    } catch (err) {
      void toast.error({ content: err instanceof ApiError ? err.text(lang) : String(err), className: 'decision-refused' });
    } finally {
      setBusy(false);
      setAsking(null);
      form.resetFields();
    }
  };
  const review = async (decision: Decision) => {
    const reason = decision === 'approve' ? undefined : (await form.validateFields()).reason;
    await act('review', { decision, ...(reason ? { reason } : {}) });
  };

  const notStarted = error instanceof ApiError && error.problem.status === 404;
  return (
    <>
      {toastHolder}
      <Space style={{ marginBottom: 16 }}>
        <h2 style={{ margin: 0 }}>{t('calls')}</h2>
        <InputNumber min={2018} max={2200} value={year} onChange={(v) => v && setYear(v)} addonBefore={t('year')} data-testid="call-year" />
      </Space>
      {notStarted ? (
        <Empty description={t('noCall')} />
      ) : error ? (
        <LoadError error={error} retry={reload} />
      ) : (
        <Card loading={loading || !data}>
          {data && (
            <>
              <Descriptions column={3} size="small" style={{ marginBottom: 16 }}>
                <Descriptions.Item label={t('stage')}><Tag color="blue" data-testid="call-stage">{CALL_STAGE_NAMES[data.stage]?.[lang] ?? data.stage}</Tag></Descriptions.Item>
                <Descriptions.Item label={t('quota')}>{data.quota}</Descriptions.Item>
                <Descriptions.Item label={t('deadline')}>{data.closesOn}</Descriptions.Item>
              </Descriptions>
              <Table<RankedCandidate>
                rowKey="applicationId"
                size="small"
                pagination={false}
                dataSource={data.ranking}
                locale={{ emptyText: <Empty description={t('noRanking')} /> }}
                rowClassName={(r) => (r.rank === data.quota ? 'quota-line' : '')}
                columns={[
                  { title: t('rank'), dataIndex: 'rank', width: 70 },
                  { title: t('institution'), dataIndex: 'institutionName' },
                  { title: t('creditCode'), dataIndex: 'creditCode' },
                  { title: t('score'), dataIndex: 'score' },
                  { title: t('withinQuota'), dataIndex: 'withinQuota', render: (w: boolean) => (w ? <Tag color="green">✓</Tag> : <Tag>—</Tag>) },
                ]}
              />
              {data.reviewHistory.length > 0 && (
                <Alert
                  style={{ marginTop: 16 }}
                  type="info"
                  message={t('reviewHistory')}
                  description={data.reviewHistory.map((h, i) => <div key={i}>{shanghaiDateTime(h.at, lang)} · {t(h.decision === 'approve' ? 'approve' : h.decision === 'send_back' ? 'sendBack' : 'reject')}{h.reason ? `：${h.reason}` : ''}</div>)}
                />
              )}
              <Space style={{ marginTop: 16 }}>
                {principal?.role === 'staff' && data.stage === 'ranking' && (
                  <Button type="primary" loading={busy} onClick={() => void act('candidate-list', {})} data-testid="submit-list">{t('submitList')}</Button>
                )}
                {principal?.role === 'bureau' && data.stage === 'internal_review' && (
                  <>
                    <Button type="primary" loading={busy} onClick={() => void review('approve')} data-testid="review-approve">{t('approve')}</Button>
                    <Button onClick={() => setAsking('send_back')} data-testid="review-send-back">{t('sendBack')}</Button>
                    <Button danger onClick={() => setAsking('reject')} data-testid="review-reject">{t('reject')}</Button>
                  </>
                )}
              </Space>
            </>
          )}
        </Card>
      )}
      <Modal open={asking !== null} title={asking ? t(asking === 'send_back' ? 'sendBack' : 'reject') : ''} okText={t('submit')} cancelText={t('cancel')} confirmLoading={busy}
        onOk={() => asking && void review(asking)} onCancel={() => setAsking(null)} okButtonProps={{ 'data-testid': 'review-submit' } as Record<`data-${string}`, string>}>
        <Form form={form} layout="vertical" requiredMark={false}>
          <Form.Item name="reason" label={t('reason')} rules={[{ required: true, message: t('required') }, { max: 2000 }]}>
            <Input.TextArea rows={3} data-testid="review-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
