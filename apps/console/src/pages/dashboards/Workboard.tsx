import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Badge, Button, Card, Col, Empty, List, Row, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { BarChartOutlined, ReloadOutlined } from '@ant-design/icons';
import { regionLevelOf, type TVillageWorkboard } from '@mpw/contracts';
import { api } from '../../api';
import { useLoad } from '../../hooks';
import { useI18n } from '../../i18n';
import { useRegion, walkTree } from '../../region';
import { useUser } from '../../session';
import { DASHBOARD_API, isConsolePath } from './dashboard-logic';

type WorkItem = TVillageWorkboard['due'][number];
type ListKey = 'overdue' | 'due' | 'waiting';

const LISTS: { key: ListKey; colour: string }[] = [
  { key: 'overdue', colour: '#f5222d' },
  { key: 'due', colour: '#fa8c16' },
  { key: 'waiting', colour: '#1677ff' },
];

function WorkList({ items, listKey, colour }: { items: readonly WorkItem[]; listKey: ListKey; colour: string }) {
  const { t } = useI18n();
  return (
    <Card
      size="small"
      title={
        <Space>
          <span>{t(`wb.${listKey}`)}</span>
          <Badge count={items.length} showZero color={colour} />
        </Space>
      }
      data-testid={`wb-${listKey}`}
      style={{ height: '100%' }}
    >
      <List<WorkItem>
        dataSource={[...items]}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(`wb.${listKey}None`)} /> }}
        renderItem={(w) => (
          <List.Item className="wb-item" data-testid="wb-item" data-kind={w.kind}>
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              <Space size={4} wrap>
                <Tag>{w.kindLabel}</Tag>
                {w.isOverdue && <Tag color="red">{t('wb.overdueTag')}</Tag>}
              </Space>
              {isConsolePath(w.link) ? <Link to={w.link}>{w.title}</Link> : <span>{w.title}</span>}
              <Typography.Text type={w.isOverdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                {w.dueOn ? t('wb.dueOn', { date: w.dueOn }) : t('wb.noDue')}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

/**
 * 本村待办: what is overdue, due soon and waiting on a village's cadres and supervisors, each item
 * opening the record to act on. Village accounts see their own village; township and district
 * accounts choose a village (?regionCode=).
 */
export default function Workboard() {
  const { t } = useI18n();
  const user = useUser();
  const { tree, regionCode: headerRegion } = useRegion();
  const [params, setParams] = useSearchParams();
  const isVillageAccount = user.regionLevel === 'village';
  const villages = useMemo(() => {
    const list: { value: string; label: string }[] = [];
    walkTree(tree, (n) => {
      if (n.level === 'village') list.push({ value: n.code, label: n.name });
    });
    return list;
  }, [tree]);
  const asked = params.get('regionCode') ?? '';
  const village = isVillageAccount
    ? user.regionCode
    : asked && regionLevelOf(asked) === 'village'
      ? asked
      : headerRegion && regionLevelOf(headerRegion) === 'village'
        ? headerRegion
        : '';
  const board = useLoad<TVillageWorkboard | null>(
    () => (village ? api.get<TVillageWorkboard>(DASHBOARD_API.workboard, { regionCode: village }) : Promise.resolve(null)),
    [village],
  );
  const b = board.data;
  const villageName = b?.regionName ?? villages.find((v) => v.value === village)?.label ?? (isVillageAccount ? user.regionName : '');

  const pick = (code: string) => {
    const next = new URLSearchParams(params);
    if (code) next.set('regionCode', code);
    else next.delete('regionCode');
    setParams(next, { replace: true });
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="workboard">
      <Card
        title={village ? t('wb.titleOf', { village: villageName }) : t('wb.title')}
        extra={
          <Space wrap>
            {village && (
              <Link to={`/dashboard?regionCode=${village}`}>
                <Button icon={<BarChartOutlined />}>{t('wb.toDashboard')}</Button>
              </Link>
            )}
            <Button icon={<ReloadOutlined />} onClick={board.reload} loading={board.loading && !!village} data-testid="wb-reload">
              {t('common.retry')}
            </Button>
          </Space>
        }
      >
        {!isVillageAccount && (
          <Space wrap style={{ marginBottom: 12 }}>
            <Typography.Text>{t('wb.village')}</Typography.Text>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              value={village || undefined}
              onChange={(v?: string) => pick(v ?? '')}
              placeholder={t('wb.pickVillage')}
              options={villages}
              style={{ width: 220 }}
              data-testid="wb-village"
            />
          </Space>
        )}
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {village ? t('wb.hint') : t('wb.pickHint')}
        </Typography.Paragraph>
      </Card>

      {board.error && (
        <Alert
          type="error"
          showIcon
          title={board.error}
          data-testid="wb-error"
          action={
            <Button size="small" onClick={board.reload}>
              {t('common.retry')}
            </Button>
          }
        />
      )}

      {!village ? (
        <Card>
          <Empty description={t('wb.pickVillage')} data-testid="wb-pick" />
        </Card>
      ) : board.loading && !b ? (
        <Card>
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      ) : b ? (
        <Row gutter={[16, 16]}>
          {LISTS.map((l) => (
            <Col key={l.key} xs={24} lg={8}>
              <WorkList items={b[l.key]} listKey={l.key} colour={l.colour} />
            </Col>
          ))}
        </Row>
      ) : null}
    </Space>
  );
}
