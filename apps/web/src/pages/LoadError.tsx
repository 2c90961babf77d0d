import { Button, Result } from 'antd';
import { useContext } from 'react';
import { ApiError } from '../api';
import { LangContext, useT } from '../i18n';

/** What a failed load shows: the service's own reason in the reader's language, and a retry. */
export function LoadError({ error, retry }: { error: unknown; retry: () => void }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const reason = error instanceof ApiError ? error.text(lang) : error instanceof Error ? error.message : String(error);
  return <Result status="warning" title={t('loadFailed')} subTitle={reason} extra={<Button onClick={retry}>{t('retry')}</Button>} />;
}
