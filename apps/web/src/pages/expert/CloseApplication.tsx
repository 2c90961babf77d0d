import { Alert, Button, Card, Input, Space } from 'antd';
import { useContext, useState } from 'react';
import { api, ApiError } from '../../api';
import { LangContext, useT } from '../../i18n';

/**
 * Staff close an application whose review cannot be completed (第十二条: no replacement for a recused expert, a panel
 * that cannot be formed), with a reason the applicant is told. The workflow ends the wait; its refusal is shown.
 */
export function CloseApplication({ applicationId, onDone }: { applicationId: string; onDone: () => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const close = async () => {
    setBusy(true);
    setRefused(null);
    try {
      await api('applications', `/api/applications/${applicationId}/closure`, { method: 'POST', body: { reason: reason.trim() } });
      onDone();
    } catch (err) {
      setRefused(err instanceof ApiError ? err.text(lang) : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('closeApplication')} style={{ marginTop: 16 }} data-testid="close-application">
      <Space direction="vertical" style={{ width: '100%' }}>
        <span style={{ color: '#888' }}>{t('closeApplicationNote')}</span>
        <Input.TextArea rows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="close-reason" />
        {refused && <Alert type="error" showIcon message={refused} data-testid="close-error" />}
        <Button danger loading={busy} disabled={!reason.trim()} onClick={() => void close()} data-testid="close-submit">{t('closeApplication')}</Button>
      </Space>
    </Card>
  );
}
