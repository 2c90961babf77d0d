import { AutoComplete, Input } from 'antd';
import { useContext, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { answer, ApiError, client, type Schema } from '../api';
import { LangContext, type TextKey, useT } from '../i18n';

const STATUS_TEXT: Record<Schema<'PlatformSearchHit'>['status'], TextKey> = { valid: 'valid', revoked: 'titleRevoked', lapsed: 'titleLapsed' };

/**
 * Staff's one search box (staff, bureau, auditor): applications and platforms of the register by name, credit code
 * or application number, as the service finds them; picking one opens it on its screen. For the header.
 */
export function GlobalSearch() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [result, setResult] = useState<Schema<'GlobalSearchResult'> | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const latest = useRef(0);

  // Asked a moment after typing stops; only the latest answer counts (an earlier one arriving late is dropped).
  useEffect(() => {
    const q = text.trim();
    const id = ++latest.current;
    if (!q) {
      setResult(null);
      setFailure(null);
      return;
    }
    const timer = setTimeout(() => {
      answer(client.GET('/svc/applications/api/search', { params: { query: { q } } })).then(
        (r) => id === latest.current && (setResult(r), setFailure(null)),
        (err: unknown) => id === latest.current && (setResult(null), setFailure(err instanceof ApiError ? err.text(lang) : String(err))),
      );
    }, 250);
    return () => clearTimeout(timer);
  }, [text, lang]);

  const go = (link: string) => {
    setText('');
    void navigate(link);
  };
  const hits = result ? [...result.applications.map((a) => a.link), ...result.platforms.map((p) => p.link)] : [];
  const options = result
    ? [
        ...(result.applications.length
          ? [{
              label: t('searchApplications'),
              options: result.applications.map((a) => ({
                value: a.link,
                label: <span data-testid={`search-application-${a.id}`}>{a.institutionName}<span style={{ color: '#595959' }}> · {a.creditCode} · {a.callYear}</span></span>,
              })),
            }]
          : []),
        ...(result.platforms.length
          ? [{
              label: t('searchPlatforms'),
              options: result.platforms.map((p) => ({
                value: p.link,
                label: <span data-testid={`search-platform-${p.creditCode}`}>{p.institutionName}<span style={{ color: '#595959' }}> · {p.creditCode} · {t(STATUS_TEXT[p.status])}</span></span>,
              })),
            }]
          : []),
      ]
    : [];

  return (
    <AutoComplete
      value={text}
      options={options}
      onSearch={setText}
      onSelect={(link: string) => go(link)}
      notFoundContent={failure ?? (result && text.trim() ? t('searchNothing') : null)}
      popupMatchSelectWidth={480}
      style={{ width: '100%' }}
      data-testid="global-search"
    >
      {/* Enter opens the one hit when there is only one. */}
      <Input.Search aria-label={t('globalSearch')} placeholder={t('globalSearchPlaceholder')} maxLength={100} allowClear onSearch={() => hits.length === 1 && go(hits[0]!)} />
    </AutoComplete>
  );
}
