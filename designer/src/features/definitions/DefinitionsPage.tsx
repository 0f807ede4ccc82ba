import { useDeferredValue, useState } from 'react';
import { App, Button, Empty, Input, Popconfirm, Space, Table, Tag, Tooltip, Typography, Upload } from 'antd';
import { CopyOutlined, DeleteOutlined, DownloadOutlined, EditOutlined, ImportOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import dayjs from 'dayjs';
import type { DefinitionListItem, DefinitionStatus } from '../../api/types';
import { describeError } from '../shell/errors';
import { exportUrl, useDefinitions, useDeleteDraft, useDuplicateDefinition, useImportDefinitions } from './api';

const statusColor: Record<DefinitionStatus, string> = { Draft: 'gold', Published: 'green', Retracted: 'default' };

export function DefinitionsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(25);
  const deferredSearch = useDeferredValue(search.trim());
  const list = useDefinitions(deferredSearch, page, pageSize);
  const importer = useImportDefinitions();
  const duplicator = useDuplicateDefinition();
  const deleter = useDeleteDraft();

  const deleteDraft = async (row: DefinitionListItem) => {
    try {
      const result = await deleter.mutateAsync(row.definitionId);
      message.success(result.latest
        ? t('definitions.draftDeleted', { version: result.deletedVersion, latest: result.latest.version })
        : t('definitions.definitionDeleted', { name: row.name || row.definitionId }));
    } catch (error) {
      message.error(describeError(error, t));
    }
  };

  const duplicate = async (row: DefinitionListItem) => {
    try {
      const id = await duplicator.mutateAsync({ definitionId: row.definitionId, name: t('definitions.copyOf', { name: row.name || row.definitionId }) });
      navigate(`/definitions/${encodeURIComponent(id)}`);
    } catch (error) {
      message.error(describeError(error, t));
    }
  };

  const importFile = async (file: File) => {
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch (error) {
      message.error(t('definitions.importInvalid', { message: error instanceof Error ? error.message : String(error) }));
      return;
    }
    try {
      const result = await importer.mutateAsync(json);
      message.success(t('definitions.imported', { created: result.created.length, updated: result.updated.length, unchanged: result.unchanged.length }));
    } catch (error) {
      message.error(describeError(error, t));
    }
  };

  const columns: ColumnsType<DefinitionListItem> = [
    {
      title: t('definitions.name'),
      dataIndex: 'name',
      render: (_, row) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/definitions/${encodeURIComponent(row.definitionId)}`}>{row.name || t('definitions.untitled')}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{row.definitionId}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('definitions.status'),
      dataIndex: 'latestStatus',
      width: 140,
      render: (status: DefinitionStatus) => <Tag color={statusColor[status]}>{t(`definitions.statusValues.${status}`)}</Tag>,
    },
    { title: t('definitions.version'), dataIndex: 'latestVersion', width: 90, render: (version: number) => `v${version}` },
    {
      title: t('definitions.published'),
      dataIndex: 'publishedVersion',
      width: 150,
      render: (version: number | null) => (version ? t('definitions.publishedVersion', { version }) : <Typography.Text type="secondary">{t('definitions.notPublished')}</Typography.Text>),
    },
    {
      title: t('definitions.updatedAt'),
      dataIndex: 'updatedAt',
      width: 190,
      render: (at: string, row) => (
        <Space orientation="vertical" size={0}>
          <Tooltip title={dayjs(at).format('YYYY-MM-DD HH:mm:ss')}>{dayjs(at).format('YYYY-MM-DD HH:mm')}</Tooltip>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="updated-by">
            {row.updatedBy ? t('definitions.by', { user: row.updatedBy }) : t('definitions.bySystem')}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('definitions.actions'),
      key: 'actions',
      width: 400,
      render: (_, row) => (
        <Space>
          <Button size="small" icon={<EditOutlined />} onClick={() => navigate(`/definitions/${encodeURIComponent(row.definitionId)}`)}>
            {t('definitions.open')}
          </Button>
          <Button size="small" icon={<CopyOutlined />} onClick={() => void duplicate(row)} loading={duplicator.isPending && duplicator.variables?.definitionId === row.definitionId}>
            {t('definitions.duplicate')}
          </Button>
          <Button size="small" icon={<DownloadOutlined />} href={exportUrl(row.definitionId)} download={`${row.definitionId}.json`}>
            {t('definitions.export')}
          </Button>
          {row.latestStatus === 'Draft' && (
            <Popconfirm
              title={t('definitions.deleteDraftTitle', { version: row.latestVersion })}
              description={row.publishedVersion || row.latestVersion > 1 ? t('definitions.deleteDraftKeeps') : t('definitions.deleteDraftGone')}
              okText={t('definitions.deleteDraft')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() => deleteDraft(row)}
            >
              <Button size="small" danger icon={<DeleteOutlined />} loading={deleter.isPending && deleter.variables === row.definitionId} data-testid="delete-draft">
                {t('definitions.deleteDraft')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  const empty = deferredSearch ? t('definitions.noMatch', { search: deferredSearch }) : (
    <Space orientation="vertical">
      <span>{t('definitions.empty')}</span>
      <Typography.Text type="secondary">{t('definitions.emptyHint')}</Typography.Text>
    </Space>
  );

  return (
    <div className="page">
      <div className="page__header">
        <Typography.Title level={3} style={{ margin: 0 }}>{t('definitions.title')}</Typography.Title>
        <Space wrap>
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('definitions.search')}
            value={search}
            onChange={(event) => {
              setSearch(event.target.value);
              setPage(1);
            }}
            style={{ width: 280 }}
            data-testid="definitions-search"
          />
          <Upload accept=".json,application/json" showUploadList={false} beforeUpload={(file) => { void importFile(file); return false; }}>
            <Button icon={<ImportOutlined />} loading={importer.isPending}>{t('definitions.import')}</Button>
          </Upload>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/definitions/new')} data-testid="new-workflow">{t('definitions.create')}</Button>
        </Space>
      </div>
      <Table<DefinitionListItem>
        rowKey="definitionId"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        locale={{ emptyText: list.isError ? describeError(list.error, t) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          onChange: (next, size) => {
            setPage(next);
            setPageSize(size);
          },
        }}
        data-testid="definitions-table"
      />
    </div>
  );
}
