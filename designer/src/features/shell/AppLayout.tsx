import { Avatar, Badge, Button, Dropdown, Layout, Menu, Result, Space, Tag, Tooltip, Typography } from 'antd';
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { hasAnyRole, useMe, useSignOut } from '../auth/session';
import { useLiveUpdates } from '../live/useLiveUpdates';
import { Roles } from '../../api/types';
import { itemsFor } from './nav';
import { LanguageSwitch } from './LanguageSwitch';

export function AppLayout() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();
  const items = itemsFor(me.roles);
  const selected = items.find((item) => location.pathname.startsWith(item.path))?.key;
  // Live updates for those who read tasks and cases (the server's ReadCases policy).
  const readsCases = hasAnyRole(me, [Roles.Agent, Roles.Supervisor, Roles.Manager, Roles.Admin]);
  const live = useLiveUpdates(readsCases);

  const leave = () => signOut.mutate(undefined, { onSettled: () => navigate('/sign-in', { replace: true }) });

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={64} theme="light" width={220} className="shell__sider">
        <Link to="/" className="shell__brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>{t('app.name')}</span>
        </Link>
        <Menu
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          items={items.map((item) => ({ key: item.key, icon: item.icon, label: <Link to={item.path}>{t(item.labelKey)}</Link> }))}
          data-testid="main-nav"
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="shell__header">
          <Space size="middle">
            {readsCases && (
              <Tooltip title={t(`live.${live}Hint`)}>
                <Badge status={live === 'live' ? 'success' : live === 'reconnecting' ? 'warning' : 'default'} text={t(`live.${live}`)} data-testid="live-status" data-state={live} />
              </Tooltip>
            )}
            <LanguageSwitch />
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  { key: 'who', label: t('shell.signedInAs', { name: me.username }), disabled: true },
                  { key: 'roles', label: <Space wrap size={4}>{me.roles.map((role) => <Tag key={role}>{t(`roles.${role}`, { defaultValue: role })}</Tag>)}</Space>, disabled: true },
                  { type: 'divider' },
                  { key: 'sign-out', icon: <LogoutOutlined />, label: t('shell.signOut'), onClick: leave },
                ],
              }}
            >
              <Button type="text" data-testid="user-menu">
                <Avatar size="small" icon={<UserOutlined />} />
                <Typography.Text>{me.username}</Typography.Text>
              </Button>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content className="shell__content">
          {items.length === 0 && location.pathname === '/' ? (
            <Result status="info" title={t('shell.noPages')} subTitle={t('shell.noPagesHint')} />
          ) : (
            <Outlet />
          )}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
