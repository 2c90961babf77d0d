import { Form, Input } from 'antd';
import { useT } from '../../i18n';

/** A new password typed twice (the service checks the policy and says why it refuses one). */
export function PasswordFields({ prefix, name = 'password' }: { prefix: string; name?: string }) {
  const t = useT();
  return (
    <>
      <Form.Item name={name} label={t('accNewPassword')} extra={t('accPasswordRule')} rules={[{ required: true, min: 10, message: t('accPasswordRule') }]}>
        <Input.Password autoComplete="new-password" data-testid={`${prefix}-password`} />
      </Form.Item>
      <Form.Item
        name="passwordAgain"
        label={t('accPasswordAgain')}
        dependencies={[name]}
        rules={[
          { required: true, message: t('required') },
          ({ getFieldValue }) => ({ validator: (_, v) => (v === getFieldValue(name) ? Promise.resolve() : Promise.reject(new Error(t('accPasswordsDiffer')))) }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid={`${prefix}-password-again`} />
      </Form.Item>
    </>
  );
}
