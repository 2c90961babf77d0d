import { Alert, Button, Card, Input, Space } from 'antd';
import { useState } from 'react';
import { answer, client } from '../../api';
import { useT } from '../../i18n';
import { useDecision } from '../useDecision';

/**
 * Staff close an application whose review cannot be completed (第十二条: no replacement for a recused expert, a panel
 * that cannot be formed), with a reason the applicant is told. The workflow ends the wait; its refusal is shown.
 */
export function CloseApplication({ applicationId, onDone }: { applicationId: string; onDone: () => void }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const { busy, refused, decide } = useDecision();
  const close = async () => {
    if (await decide((headers) => answer(client.POST('/svc/applications/api/applications/{id}/closure', { params: { path: { id: applicationId } }, body: { reason: reason.trim() }, headers })))) onDone();
  };
  return (
    <Card size="small" title={t('closeApplication')} style={{ marginTop: 16 }} data-testid="close-application">
      <Space direction="vertical" style={{ width: '100%' }}>
        <span style={{ color: '#595959' }}>{t('closeApplicationNote')}</span>
        <Input.TextArea rows={2} maxLength={1000} aria-label={t('closeReasonLabel')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="close-reason" />
        {refused && <Alert type="error" showIcon message={refused} data-testid="close-error" />}
        <Button danger loading={busy} disabled={!reason.trim()} onClick={() => void close()} data-testid="close-submit">{t('closeApplication')}</Button>
      </Space>
    </Card>
  );
}
