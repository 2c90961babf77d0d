import { Alert, Button, Card, Form, Input, Radio, Space, Typography } from 'antd';
import { answer, client, type Schema } from '../../api';
import { type TextKey, useT } from '../../i18n';
import { useDecision } from '../useDecision';

/** Where a declaration goes: an application's panel assignment, or a platform evaluation's assignment (scoring service). */
type DeclarationPath = `/api/assignments/${string}/declaration` | `/api/evaluation-assignments/${string}/declaration`;

/** Sends the declaration to the assignment `path` names, through the typed client. */
function declare(path: DeclarationPath, body: Schema<'DeclarationDto'>, headers: { 'idempotency-key': string }) {
  const [, , kind, id = ''] = path.split('/');
  return kind === 'evaluation-assignments'
    ? answer(client.POST('/svc/scoring/api/evaluation-assignments/{id}/declaration', { params: { path: { id } }, body, headers }))
    : answer(client.POST('/svc/scoring/api/assignments/{id}/declaration', { params: { path: { id } }, body, headers }));
}

/**
 * The conflict-of-interest declaration (第十二条), made once before anything of what the expert reviews opens: no
 * conflict opens it, a conflict stands the expert aside (staff are told and replace them). Used for an application's
 * panel and for a platform's evaluation; `testPrefix` keeps each screen's test ids apart.
 */
export function ConflictDeclaration({ path, intro, noConflict, conflict, testPrefix = '', onDone }: {
  path: DeclarationPath;
  intro: TextKey;
  noConflict: TextKey;
  conflict: TextKey;
  testPrefix?: string;
  onDone: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<{ choice: 'none' | 'conflict'; statement?: string }>();
  const { busy, refused, decide } = useDecision();
  const submit = async () => {
    const v = await form.validateFields();
    const body: Schema<'DeclarationDto'> = { noConflict: v.choice === 'none', ...(v.statement?.trim() ? { statement: v.statement.trim() } : {}) };
    if (await decide((headers) => declare(path, body, headers))) onDone();
  };
  const id = (name: string) => `${testPrefix}${name}`;
  return (
    <Card title={t('declarationTitle')} size="small" data-testid={id('declaration')}>
      <Typography.Paragraph>{t(intro)}</Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item name="choice" rules={[{ required: true, message: t('required') }]}>
          <Radio.Group>
            <Space direction="vertical">
              <Radio value="none" data-testid={id('declare-no-conflict')}>{t(noConflict)}</Radio>
              <Radio value="conflict" data-testid={id('declare-conflict')}>{t(conflict)}</Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="statement" label={t('declarationStatement')} rules={[{ max: 1000 }]}>
          <Input.TextArea rows={2} data-testid={id('declaration-statement')} />
        </Form.Item>
        {refused && <Alert type="error" showIcon message={refused} style={{ marginBottom: 12 }} data-testid={id('declaration-error')} />}
        <Button type="primary" loading={busy} onClick={() => void submit().catch(() => undefined)} data-testid={id('declare-submit')}>{t('declare')}</Button>
      </Form>
    </Card>
  );
}
