import { useDeferredValue, useState } from 'react';
import { Alert, Button, Empty, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Roles } from '../../api/types';
import { hasAnyRole, useMe } from '../auth/session';
import { describeError } from '../shell/errors';
import { useCaseSearch } from './api';
import { caseStatusColor } from './CaseCards';
import { IntakeDrawer } from './IntakeDrawer';
import type { CaseSummary } from './types';

const statuses = ['New', 'InProgress', 'Escalated', 'Resolved', 'FollowUp', 'Closed', 'Redirected', 'Archived'];
const types = ['Complaint', 'Inquiry', 'Emergency', 'Drill'];

/** Case search (number, customer name, phone or email, description), newest first, and the intake of a new case. */
export function CasesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe().data!;
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('search') ?? '');
  const search = useDeferredValue(text.trim());
  const status = params.get('status') ?? undefined;
  const type = params.get('type') ?? undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = [10, 25, 50, 100].includes(Number(params.get('pageSize'))) ? Number(params.get('pageSize')) : 25;
  const cases = useCaseSearch({ search, status, type, page, pageSize });
  const [intake, setIntake] = useState(params.get('new') === '1');
  // Filing is for those who work cases (the server's WorkCases policy).
  const mayFile = hasAnyRole(me, [Roles.Agent, Roles.Supervisor, Roles.Admin]);

  const set = (name: string, value?: string | number) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === '') next.delete(name);
    else next.set(name, String(value));
    if (name !== 'page') next.delete('page');
    setParams(next, { replace: true });
  };

  const columns: ColumnsType<CaseSummary> = [
    {
      title: t('cases.number'),
      dataIndex: 'number',
      width: 170,
      render: (number: string, row) => (
        <Space size={4}>
          <Link to={`/cases/${encodeURIComponent(number)}`} data-testid="case-link">{number}</Link>
          {row.isDrill && <Tag color="purple">{t('inbox.drill')}</Tag>}
        </Space>
      ),
    },
    { title: t('case.type'), dataIndex: 'type', width: 110, render: (value: string) => t(`case.types.${value}`) },
    { title: t('case.category'), dataIndex: 'category', width: 150, render: (value: string | null) => (value ? t(`categories.${value}`, { defaultValue: value }) : <Typography.Text type="secondary">{t('case.unclassified')}</Typography.Text>) },
    { title: t('case.status'), dataIndex: 'status', width: 120, render: (value: string) => <Tag color={caseStatusColor[value]}>{t(`case.statuses.${value}`)}</Tag> },
    {
      title: t('cases.customerAndClaim'),
      dataIndex: 'description',
      ellipsis: true,
      render: (_, row) => (
        <Space orientation="vertical" size={0} style={{ maxWidth: '100%' }}>
          <Typography.Text>{row.customer?.name ?? '—'}</Typography.Text>
          <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>{row.description}</Typography.Text>
        </Space>
      ),
    },
    { title: t('case.owner'), dataIndex: 'owner', width: 120, render: (value: string | null) => value ?? '—' },
    { title: t('case.opened'), dataIndex: 'createdAt', width: 140, render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm') },
  ];

  return (
    <div className="page" data-testid="cases">
      <div className="page__header">
        <Typography.Title level={3} style={{ margin: 0 }}>{t('cases.title')}</Typography.Title>
        {mayFile && <Button type="primary" icon={<PlusOutlined />} onClick={() => setIntake(true)} data-testid="new-case">{t('cases.new')}</Button>}
      </div>
      <Space wrap>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('cases.searchPlaceholder')}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            set('search', event.target.value.trim());
          }}
          style={{ width: 360 }}
          data-testid="cases-search"
        />
        <Select allowClear style={{ width: 150 }} placeholder={t('case.status')} value={status} onChange={(value?: string) => set('status', value)} options={statuses.map((value) => ({ value, label: t(`case.statuses.${value}`) }))} data-testid="cases-filter-status" />
        <Select allowClear style={{ width: 140 }} placeholder={t('case.type')} value={type} onChange={(value?: string) => set('type', value)} options={types.map((value) => ({ value, label: t(`case.types.${value}`) }))} data-testid="cases-filter-type" />
      </Space>
      {cases.isError && <Alert type="error" showIcon title={t('cases.loadFailed')} description={describeError(cases.error, t)} action={<Button onClick={() => void cases.refetch()}>{t('shell.retry')}</Button>} />}
      <Table<CaseSummary>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={cases.data?.items ?? []}
        loading={cases.isLoading}
        locale={{ emptyText: cases.isLoading ? ' ' : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={search || status || type ? t('cases.noMatch') : t('cases.none')} /> }}
        onRow={(row) => ({ onDoubleClick: () => navigate(`/cases/${encodeURIComponent(row.number)}`) })}
        pagination={{
          current: page,
          pageSize,
          total: cases.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 25, 50, 100],
          showTotal: (total) => t('cases.total', { count: total }),
          onChange: (nextPage, nextSize) => {
            const next = new URLSearchParams(params);
            next.set('page', String(nextPage));
            next.set('pageSize', String(nextSize));
            setParams(next, { replace: true });
          },
        }}
        data-testid="cases-table"
      />
      <IntakeDrawer open={intake} onClose={() => setIntake(false)} onFiled={(number) => navigate(`/cases/${encodeURIComponent(number)}`)} />
    </div>
  );
}
