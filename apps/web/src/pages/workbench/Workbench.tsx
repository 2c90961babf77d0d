import { Alert, Badge, Button, Card, Col, Empty, List, Row, Space, Tag, Typography } from 'antd';
import { useContext } from 'react';
import { Link } from 'react-router-dom';
import { answer, client, type Schema } from '../../api';
import { useAuth } from '../../auth';
import { deadlineText, LangContext, useT } from '../../i18n';
import { LoadError } from '../LoadError';
import { useLoad } from '../useLoad';

/** One kind of work on a workbench, as the services document it (libs/api-client). */
type WorkItem = Schema<'WorkItem'>;

/** One kind of work: its count, what to do and who, the soonest rows with their deadlines, and where to act. */
function ItemCard({ item }: { item: WorkItem }) {
  const t = useT();
  const { lang } = useContext(LangContext);
  const overdue = item.rows.filter((r) => r.overdue).length;
  return (
    <Card
      size="small"
      data-testid={`work-${item.key}`}
      title={
        <Space wrap>
          <span>{item.title[lang]}</span>
          {item.unavailable ? <Tag>{lang === 'zh' ? '未知' : 'unknown'}</Tag> : <Badge count={item.count} showZero overflowCount={9999} color={item.count ? '#0958d9' : '#595959'} data-testid={`work-${item.key}-count`} />}
          {overdue > 0 && <Tag color="red">{t('overdue')} {overdue}</Tag>}
        </Space>
      }
      extra={<Link to={item.link}>{t('goTo')}</Link>}
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {item.action[lang]}
        {item.article && <> （{t('basis')}{lang === 'zh' ? '' : ': '}{item.article}）</>}
      </Typography.Paragraph>
      {item.unavailable && <Alert type="warning" showIcon message={t('itemUnavailable')} />}
      {item.rows.length > 0 && (
        <List
          size="small"
          dataSource={item.rows}
          renderItem={(r) => (
            <List.Item data-testid={`work-row-${r.id}`}>
              <Link to={r.link} style={{ minWidth: 0, overflowWrap: 'anywhere' }}>{r.label}</Link>
              <span style={{ whiteSpace: 'nowrap' }}>
                {r.deadline ? `${t('dueBy')} ${deadlineText(r.deadline, lang)}` : t('noDeadline')}
                {r.overdue && <Tag color="red" style={{ marginLeft: 8 }}>{t('overdue')}</Tag>}
              </span>
            </List.Item>
          )}
        />
      )}
      {item.count > item.rows.length && <Link to={item.link}>{t('moreRows')}（{item.count}）</Link>}
    </Card>
  );
}

/**
 * The landing page after sign-in: what waits for this person today (the services count it from the workflows and
 * records: GET /api/workbench; an expert's on the scoring service), soonest deadline first.
 */
export function Workbench() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { principal } = useAuth();
  const service = principal?.role === 'expert' ? 'scoring' : 'applications';
  const { data, error, loading, reload } = useLoad(
    () => answer(service === 'scoring' ? client.GET('/svc/scoring/api/workbench') : client.GET('/svc/applications/api/workbench')),
    [service],
  );
  if (error) return <LoadError error={error} retry={reload} />;
  const items = data?.items ?? [];
  const waiting = items.filter((i) => i.count > 0 || i.unavailable);
  const quiet = items.filter((i) => i.count === 0 && !i.unavailable);
  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <h2 style={{ margin: 0 }}>{t('workbench')}</h2>
        <Button onClick={reload} loading={loading} data-testid="workbench-refresh">{t('refresh')}</Button>
      </Space>
      <Typography.Paragraph type="secondary">{t('workbenchIntro')}</Typography.Paragraph>
      {loading && !data ? (
        <Card loading />
      ) : waiting.length === 0 ? (
        <Empty description={t('nothingWaiting')} data-testid="workbench-empty" />
      ) : (
        <Row gutter={[16, 16]} data-testid="workbench">
          {waiting.map((item) => (
            <Col key={item.key} xs={24} lg={12}>
              <ItemCard item={item} />
            </Col>
          ))}
        </Row>
      )}
      {quiet.length > 0 && (
        <Card size="small" style={{ marginTop: 16 }} title={t('nothingWaiting')}>
          <Space wrap>
            {quiet.map((i) => (
              <Link key={i.key} to={i.link} data-testid={`work-${i.key}`}>{i.title[lang]}（0）</Link>
            ))}
          </Space>
        </Card>
      )}
    </>
  );
}
