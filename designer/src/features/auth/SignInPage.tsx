import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useMe, useSignIn } from './session';
import { describeError, toFormErrors } from '../shell/errors';
import { LanguageSwitch } from '../shell/LanguageSwitch';

interface Credentials {
  username: string;
  password: string;
}

/** Where to go after signing in: the page asked for, if it is one of ours (never another site). */
export function safeReturnPath(from: string | null): string {
  return from && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/sign-in') ? from : '/';
}

export function SignInPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Credentials>();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const me = useMe();
  const signIn = useSignIn();
  const [failure, setFailure] = useState<string | null>(null);
  const target = safeReturnPath(params.get('from'));

  if (me.data) return <Navigate to={target} replace />;

  const submit = async (values: Credentials) => {
    setFailure(null);
    try {
      await signIn.mutateAsync(values);
      navigate(target, { replace: true });
    } catch (error) {
      const { fields, other } = toFormErrors(error, ['username', 'password'] as const);
      form.setFields(fields);
      if (fields.length === 0 || other.length > 0) setFailure(other.length > 0 ? other.join(' ') : describeError(error, t));
    }
  };

  return (
    <div className="sign-in">
      <div className="sign-in__language">
        <LanguageSwitch />
      </div>
      <Card className="sign-in__card">
        <div className="sign-in__brand">
          <img src="/favicon.svg" alt="" width={40} height={40} />
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>{t('signIn.title')}</Typography.Title>
            <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
          </div>
        </div>
        {params.get('from') && !failure && <Alert type="info" showIcon title={t('signIn.continueTo')} style={{ marginBottom: 16 }} />}
        {failure && <Alert type="error" showIcon title={t('signIn.failed')} description={failure} style={{ marginBottom: 16 }} data-testid="sign-in-error" />}
        <Form form={form} layout="vertical" requiredMark={false} onFinish={submit} autoComplete="on">
          <Form.Item name="username" label={t('signIn.username')} rules={[{ required: true, whitespace: true, message: t('signIn.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true, message: t('signIn.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={signIn.isPending}>
            {t('signIn.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
