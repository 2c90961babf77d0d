import { Card, Descriptions, Empty, List, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useContext } from 'react';
import { answer, client } from '../api';
import { LangContext, MATERIAL_NAMES, shanghaiDateTime, useT } from '../i18n';
import { LoadError } from './LoadError';
import { useLoad } from './useLoad';

/** A pass or a failure said in words and marked, never by colour alone. */
function Outcome({ text }: { text: string }) {
  const fail = /不符合|未|不予|ineligible|fail/i.test(text);
  return <Tag color={fail ? 'red' : 'green'}>{fail ? '✗ ' : '✓ '}{text}</Tag>;
}

/**
 * Everything an application says, for a clerk to judge it from the screen (the printed summary has the same): the
 * declared facts with the clause-by-clause result of Arts. 6-8, the contact, the Art. 10 materials with their files,
 * the site visit with its Annex 2 checklist, the panel's total, and every decision with who, when and which article.
 */
export function ApplicationRecord({ id }: { id: string }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { data, error, loading, reload } = useLoad(() => answer(client.GET('/svc/applications/api/applications/{id}/record', { params: { path: { id } } })), [id]);
  if (error) return <LoadError error={error} retry={reload} />;
  if (!data) return <Card loading={loading} />;
  const f = data.fields;
  return (
    <Space direction="vertical" style={{ width: '100%', marginTop: 16 }} data-testid="application-record">
      <Descriptions column={1} size="small" bordered title={t('recordBasics')}>
        <Descriptions.Item label={t('institution')}>{f.institutionName}</Descriptions.Item>
        <Descriptions.Item label={t('creditCode')}>{f.creditCode}</Descriptions.Item>
        <Descriptions.Item label={t('callYear')}>{f.callYear}</Descriptions.Item>
        <Descriptions.Item label={t('submittedAt')}>{shanghaiDateTime(f.submittedAt, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('recordContact')}><span data-testid="record-contact">{data.contact ?? '—'}</span></Descriptions.Item>
      </Descriptions>
      <Card size="small" title={t('recordEligibility')} data-testid="record-eligibility">
        {data.eligibility ? (
          <>
            <Space wrap style={{ marginBottom: 8 }}>
              <Outcome text={data.eligibility.outcome} />
              {data.eligibility.articles.map((a) => (
                <span key={a.article}>{a.article}：<Outcome text={a.result} /></span>
              ))}
            </Space>
            <Table
              size="small"
              rowKey={(c) => `${c.article}-${c.text}`}
              pagination={false}
              dataSource={data.eligibility.clauses}
              columns={[
                { title: t('recordArticle'), dataIndex: 'article', width: 90 },
                { title: t('recordClause'), dataIndex: 'text' },
                { title: t('recordResult'), dataIndex: 'result', width: 150, render: (r: string) => <Outcome text={r} /> },
              ]}
            />
          </>
        ) : (
          <Empty description={t('recordNoFacts')} />
        )}
      </Card>
      <Card size="small" title={t('recordMaterials')}>
        <List
          size="small"
          dataSource={f.materials}
          renderItem={(m) => (
            <List.Item data-testid={`record-material-${m.key}`}>
              <Space direction="vertical" size={0} style={{ minWidth: 0 }}>
                <span>{MATERIAL_NAMES[m.key]?.[lang] ?? m.key}：{m.files.length ? <Tag color="green">✓ {m.files.length}</Tag> : <Tag color="red">✗ {t('recordNotReceived')}</Tag>}</span>
                {m.files.map((file) => (
                  <Typography.Text key={file.sha256} type="secondary" style={{ overflowWrap: 'anywhere' }}>{file.filename} · {(file.sizeBytes / 1024).toFixed(1)} KB · SHA-256 {file.sha256.slice(0, 12)}</Typography.Text>
                ))}
              </Space>
            </List.Item>
          )}
        />
      </Card>
      {data.siteVisit && (
        <Card size="small" title={t('recordVisit')} data-testid="record-site-visit">
          {data.siteVisit.map((line) => <Typography.Paragraph key={line} style={{ marginBottom: 4 }}>{line}</Typography.Paragraph>)}
          {data.siteVisitChecklist && (
            <List
              size="small"
              dataSource={data.siteVisitChecklist}
              renderItem={(i) => (
                <List.Item data-testid={`record-check-${i.id}`}>
                  <span style={{ minWidth: 0 }}>{i.text[lang]}（{i.article}）</span>
                  {i.met ? <Tag color="green">✓ {t('recordMet')}</Tag> : <Tag color="red">✗ {t('recordNotMet')}</Tag>}
                </List.Item>
              )}
            />
          )}
        </Card>
      )}
      {data.score && (
        <Descriptions size="small" bordered column={1}>
          <Descriptions.Item label={t('recordScore')}><span data-testid="record-score">{data.score}</span></Descriptions.Item>
        </Descriptions>
      )}
      <Card size="small" title={t('recordDecisions')} data-testid="record-decisions">
        <Timeline
          items={data.decisions.map((d) => ({
            children: (
              <>
                <div>{d.action}{d.article ? `（${d.article}）` : ''}</div>
                <Typography.Text type="secondary">{shanghaiDateTime(d.at, lang)} · {d.who}</Typography.Text>
                {d.note && <div style={{ overflowWrap: 'anywhere' }}>{d.note}</div>}
              </>
            ),
          }))}
        />
      </Card>
      <Typography.Text type="secondary" style={{ overflowWrap: 'anywhere' }}>{data.basis} · {t('recordDigest')} {data.digest}</Typography.Text>
    </Space>
  );
}
