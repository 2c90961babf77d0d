import { Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useContext } from 'react';
import { answer, client } from '../../api';
import { LangContext, shanghaiDateTime, useT } from '../../i18n';
import { LoadError } from '../LoadError';
import { useLoad } from '../useLoad';
import { useUnread } from './unread';

/** The message centre: the inbox notices of the person, their institution and their role, newest first, read or not. */
export function Messages() {
  const t = useT();
  const { lang } = useContext(LangContext);
  const { refresh } = useUnread();
  const { data, error, loading, reload } = useLoad(() => answer(client.GET('/svc/notifications/api/notifications')), []);
  const mark = async (ids?: string[]) => {
    await answer(client.POST('/svc/notifications/api/notifications/read', { body: ids ? { ids } : { all: true } }));
    reload();
    refresh();
  };
  if (error) return <LoadError error={error} retry={reload} />;
  const unread = (data ?? []).filter((n) => !n.read).length;
  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <h2 style={{ margin: 0 }}>{t('messages')}</h2>
        <span data-testid="messages-unread">{unread} {t('unreadCount')}</span>
        <Button onClick={() => void mark()} disabled={unread === 0} data-testid="mark-all-read">{t('markAllRead')}</Button>
      </Space>
      <Card>
        <List
          loading={loading}
          dataSource={data ?? []}
          locale={{ emptyText: <Empty description={t('noMessages')} /> }}
          renderItem={(n) => (
            <List.Item
              data-testid={`message-${n.id}`}
              actions={n.read ? [] : [<Button key="read" size="small" onClick={() => void mark([n.id])} data-testid={`mark-read-${n.id}`}>{t('markRead')}</Button>]}
            >
              <List.Item.Meta
                title={
                  <Space wrap>
                    {n.read ? <Tag>{t('readTag')}</Tag> : <Tag color="blue">{t('unreadTag')}</Tag>}
                    <Typography.Text strong={!n.read}>{n.title[lang]}</Typography.Text>
                  </Space>
                }
                description={
                  <>
                    <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{n.body[lang]}</div>
                    <Typography.Text type="secondary">{shanghaiDateTime(n.createdAt, lang)}</Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </>
  );
}
