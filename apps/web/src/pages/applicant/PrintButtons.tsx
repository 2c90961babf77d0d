import { FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, message, Space } from 'antd';
import { useContext, useState } from 'react';
import { ApiError, client, saveAs } from '../../api';
import type { Role } from '../../auth';
import { LangContext, useT } from '../../i18n';

/** Who may print what (the service decides the same: receipt.controller.ts). */
const RECEIPT_ROLES: readonly Role[] = ['applicant', 'staff', 'bureau', 'auditor'];
const SUMMARY_ROLES: readonly Role[] = ['staff', 'bureau', 'auditor'];

/**
 * The printable documents of an application: the 受理回执 (第十条) for everyone who may see the application, and the
 * application summary for the file for the center, the bureau and auditors. Each is a PDF the service builds; a
 * refusal (e.g. the font missing on the server) is shown as the service words it.
 */
export function PrintButtons({ applicationId, role }: { applicationId: string; role: Role }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const [busy, setBusy] = useState<'receipt' | 'summary' | null>(null);
  const [toast, toastHolder] = message.useMessage();

  const fetchPdf = async (which: 'receipt' | 'summary') => {
    setBusy(which);
    try {
      await saveAs(client.GET(which === 'receipt' ? '/svc/applications/api/applications/{id}/receipt.pdf' : '/svc/applications/api/applications/{id}/summary.pdf', { params: { path: { id: applicationId } }, parseAs: 'blob' }), `${t(which === 'receipt' ? 'receiptFile' : 'summaryFile')}-${applicationId}.pdf`);
    } catch (err) {
      void toast.error({ content: err instanceof ApiError ? err.text(lang) : String(err), className: 'print-refused', duration: 6 });
    } finally {
      setBusy(null);
    }
  };

  if (!RECEIPT_ROLES.includes(role)) return null;
  return (
    <Space wrap data-testid="print-buttons">
      {toastHolder}
      <Button icon={<FilePdfOutlined />} loading={busy === 'receipt'} onClick={() => void fetchPdf('receipt')} data-testid="download-receipt">
        {t('downloadReceipt')}
      </Button>
      {SUMMARY_ROLES.includes(role) && (
        <Button icon={<PrinterOutlined />} loading={busy === 'summary'} onClick={() => void fetchPdf('summary')} data-testid="print-summary">
          {t('printSummary')}
        </Button>
      )}
    </Space>
  );
}
