import { useState } from 'react';
import { Alert, App, Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { QrcodeOutlined, ReloadOutlined } from '@ant-design/icons';
import { HOUSEHOLD_CODE_STATUSES, type THouseholdCard, type THouseholdRow, type TIssueHouseholdCodesRequest, type TIssueHouseholdCodesResponse } from '@mpw/contracts';
import { api, errorText } from '../../api';
import { usePagedList, useUrlFilters } from '../../hooks';
import { useI18n } from '../../i18n';
import { useRegion } from '../../region';
import { useSession } from '../../session';
import { fmtDateTime } from '../../format';
import RegionTreeSelect from '../../components/RegionTreeSelect';
import ReasonModal from '../../components/ReasonModal';
import CardPrintView from './CardPrintView';
import { householdQuery, isVillageCode, VILLAGER_API } from './villagers-logic';

/**
 * 户查询码: a village's households from the registry with their query-code status; issue codes to the
 * chosen households (re-issue voids the old card and needs a reason) or to every household without one.
 * The returned cards (code + QR) live only in the print view's state and are gone when it closes.
 */
export default function Households() {
  const { t, tl, lang } = useI18n();
  const { message, modal } = App.useApp();
  const { can } = useSession();
  const { regionCode: headerRegion, findNode } = useRegion();
  const [selected, setSelected] = useState<THouseholdRow[]>([]);
  // Another village or filter: the selection does not carry over.
  const { params, get, setParam } = useUrlFilters(() => setSelected([]));
  const query = householdQuery(params, headerRegion);
  const village = typeof query.regionCode === 'string' ? query.regionCode : '';
  const list = usePagedList<THouseholdRow>(VILLAGER_API.households, query);
  const [reissueOpen, setReissueOpen] = useState(false);
  const [issuing, setIssuing] = useState(false);
  const [cards, setCards] = useState<THouseholdCard[] | null>(null);
  const canIssue = can('household:code:issue') && isVillageCode(village);

  async function issue(body: TIssueHouseholdCodesRequest) {
    setIssuing(true);
    try {
      const r = await api.post<TIssueHouseholdCodesResponse>(VILLAGER_API.issueCodes, body);
      setSelected([]);
      list.reload();
      if (r.cards.length === 0) message.info(t('vil.hh.noneIssued'));
      else setCards(r.cards);
    } finally {
      setIssuing(false);
    }
  }

  const withCode = selected.filter((r) => r.codeStatus === 'active');
  const withoutCode = selected.filter((r) => r.codeStatus !== 'active');

  function issueSelected() {
    if (withoutCode.length === 0) return;
    modal.confirm({
      title: t('vil.hh.issueConfirm', { n: withoutCode.length }),
      okText: t('vil.hh.issue'),
      onOk: async () => {
        try {
          await issue({ regionCode: village, householdIds: withoutCode.map((r) => r.householdId) });
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });
  }

  function issueAll() {
    modal.confirm({
      title: t('vil.hh.issueAllConfirm', { village: findNode(village)?.name ?? village }),
      content: t('vil.hh.issueAllHint'),
      okText: t('vil.hh.issueAll'),
      onOk: async () => {
        try {
          await issue({ regionCode: village, allWithoutCode: true });
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });
  }

  return (
    <Card
      title={t('vil.hh.title')}
      extra={
        canIssue && (
          <Space wrap>
            <Button type="primary" icon={<QrcodeOutlined />} disabled={withoutCode.length === 0} loading={issuing} onClick={issueSelected} data-testid="hh-issue">
              {t('vil.hh.issue')}
              {withoutCode.length > 0 ? `（${withoutCode.length}）` : ''}
            </Button>
            <Button icon={<ReloadOutlined />} disabled={withCode.length === 0} onClick={() => setReissueOpen(true)} data-testid="hh-reissue">
              {t('vil.hh.reissue')}
              {withCode.length > 0 ? `（${withCode.length}）` : ''}
            </Button>
            <Button onClick={issueAll} loading={issuing} data-testid="hh-issue-all">
              {t('vil.hh.issueAll')}
            </Button>
          </Space>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }} data-testid="hh-filters">
        <div style={{ width: 260 }} data-testid="hh-village">
          <RegionTreeSelect value={village || undefined} onChange={(v) => setParam('regionCode', v)} />
        </div>
        <Select
          allowClear
          value={get('codeStatus') || undefined}
          onChange={(v?: string) => setParam('codeStatus', v ?? '')}
          placeholder={t('vil.hh.codeStatus')}
          style={{ width: 130 }}
          options={HOUSEHOLD_CODE_STATUSES.map((s) => ({ value: s, label: tl('vil.hh.status', s) }))}
          data-testid="hh-status-filter"
        />
        <Input.Search
          allowClear
          defaultValue={get('q')}
          placeholder={t('vil.hh.searchPlaceholder')}
          onSearch={(v) => setParam('q', v.trim())}
          maxLength={50}
          style={{ width: 240 }}
          data-testid="hh-search"
        />
      </Space>
      {can('household:code:issue') && !isVillageCode(village) && <Alert type="info" showIcon title={t('vil.hh.pickVillage')} style={{ marginBottom: 16 }} />}
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} data-testid="hh-error" />}
      <Table<THouseholdRow>
        rowKey={(r) => `${r.regionCode}:${r.householdId}`}
        size="middle"
        loading={list.loading}
        dataSource={list.data}
        pagination={list.pagination}
        scroll={{ x: 900 }}
        data-testid="hh-table"
        rowClassName={() => 'hh-row'}
        rowSelection={
          canIssue
            ? {
                selectedRowKeys: selected.map((r) => `${r.regionCode}:${r.householdId}`),
                onChange: (_keys, rows) => setSelected(rows),
                preserveSelectedRowKeys: true,
              }
            : undefined
        }
        locale={{ emptyText: t('vil.hh.none') }}
        columns={[
          { title: t('vil.hh.householdId'), dataIndex: 'householdId', width: 140, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('vil.hh.head'), dataIndex: 'headName', width: 120, render: (v: string | null) => v ?? '—' },
          { title: t('vil.hh.members'), dataIndex: 'memberCount', width: 80 },
          { title: t('vil.village'), dataIndex: 'villageName', width: 110 },
          {
            title: t('vil.hh.codeStatus'),
            dataIndex: 'codeStatus',
            width: 100,
            render: (s: string) => <Tag color={s === 'active' ? 'green' : 'default'} data-testid="hh-code-status">{tl('vil.hh.status', s)}</Tag>,
          },
          { title: t('vil.hh.serial'), dataIndex: 'codeSerial', width: 90, render: (v: number) => (v > 0 ? t('vil.hh.serialN', { n: v }) : '—') },
          { title: t('vil.hh.issuedAt'), dataIndex: 'codeIssuedAt', width: 170, render: (v: string | null) => fmtDateTime(v, lang) },
          { title: t('vil.hh.issuedBy'), dataIndex: 'codeIssuedByName', width: 110, render: (v: string | null) => v ?? '—' },
        ]}
      />
      <ReasonModal
        open={reissueOpen}
        title={t('vil.hh.reissueTitle', { n: withCode.length })}
        label={t('vil.hh.reissueReason')}
        required
        danger
        okText={t('vil.hh.reissue')}
        description={<Alert type="warning" showIcon title={t('vil.hh.reissueWarning')} />}
        maxLength={200}
        testId="hh-reissue"
        onClose={() => setReissueOpen(false)}
        onSubmit={async (reason) => {
          await issue({ regionCode: village, householdIds: withCode.map((r) => r.householdId), reason });
          setReissueOpen(false);
        }}
      />
      {cards && <CardPrintView cards={cards} onClose={() => setCards(null)} />}
    </Card>
  );
}
