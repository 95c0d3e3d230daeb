import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Badge, Button, Empty, Popover, Space, Spin, Tag, Typography } from 'antd';
import { BellOutlined, CheckOutlined } from '@ant-design/icons';
import { NOTIFICATION_KIND_LABELS, type TNotification, type TNotificationList } from '@mpw/contracts';
import { api, errorText } from '../api';
import { useI18n } from '../i18n';
import { fmtDateTime } from '../format';

const POLL_MS = 60_000;
const KIND_COLOURS: Record<string, string> = { assigned: 'blue', due_soon: 'gold', overdue: 'red', returned: 'orange', filing: 'cyan', info: 'default' };

/** The header's inbox: unread count, the latest messages, mark read / read all, open a message's link. */
export default function NotificationBell() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [unread, setUnread] = useState(0);
  const [list, setList] = useState<{ data: TNotification[]; total: number; loading: boolean; error: string | null }>({ data: [], total: 0, loading: false, error: null });
  const [onlyUnread, setOnlyUnread] = useState(false);

  const refreshCount = useCallback(async () => {
    try {
      const r = await api.get<TNotificationList>('/notifications', { unread: 'true', pageSize: 1 });
      setUnread(r.unread);
    } catch {
      // The bell stays quiet on errors; the inbox shows them when opened.
    }
  }, []);

  const loadList = useCallback(async () => {
    setList((s) => ({ ...s, loading: true }));
    try {
      const r = await api.get<TNotificationList>('/notifications', { unread: onlyUnread ? 'true' : undefined, pageSize: 20 });
      setList({ data: r.data, total: r.total, loading: false, error: null });
      setUnread(r.unread);
    } catch (e) {
      setList((s) => ({ ...s, loading: false, error: errorText(e) }));
    }
  }, [onlyUnread]);

  useEffect(() => {
    void refreshCount();
    const id = setInterval(() => {
      if (document.visibilityState === 'visible') void refreshCount();
    }, POLL_MS);
    return () => clearInterval(id);
  }, [refreshCount]);

  useEffect(() => {
    if (open) void loadList();
  }, [open, loadList]);

  async function markRead(n: TNotification) {
    if (n.readAt) return;
    try {
      await api.post(`/notifications/${n.id}/read`);
      setList((s) => ({ ...s, data: s.data.map((x) => (x.id === n.id ? { ...x, readAt: new Date().toISOString() } : x)) }));
      setUnread((u) => Math.max(0, u - 1));
    } catch (e) {
      setList((s) => ({ ...s, error: errorText(e) }));
    }
  }

  async function readAll() {
    try {
      await api.post('/notifications/read-all');
      await loadList();
    } catch (e) {
      setList((s) => ({ ...s, error: errorText(e) }));
    }
  }

  async function openItem(n: TNotification) {
    await markRead(n);
    if (n.link && n.link.startsWith('/') && !n.link.startsWith('//')) {
      setOpen(false);
      navigate(n.link);
    }
  }

  const content = (
    <div className="inbox" data-testid="inbox">
      <div className="inbox-head">
        <Space size={4}>
          <Button size="small" type={onlyUnread ? 'default' : 'primary'} onClick={() => setOnlyUnread(false)}>
            {t('inbox.all')}
          </Button>
          <Button size="small" type={onlyUnread ? 'primary' : 'default'} onClick={() => setOnlyUnread(true)}>
            {t('inbox.unread')}
          </Button>
        </Space>
        <Button size="small" type="link" icon={<CheckOutlined />} disabled={unread === 0} onClick={() => void readAll()} data-testid="inbox-read-all">
          {t('inbox.readAll')}
        </Button>
      </div>
      {list.error && <Typography.Text type="danger">{list.error}</Typography.Text>}
      {list.loading && list.data.length === 0 ? (
        <div className="inbox-empty">
          <Spin />
        </div>
      ) : list.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inbox.empty')} />
      ) : (
        <ul className="inbox-list">
          {list.data.map((n) => (
            <li key={n.id} className={`inbox-item${n.readAt ? '' : ' is-unread'}`} data-testid="inbox-item">
              <button type="button" className="inbox-item-main" onClick={() => void openItem(n)}>
                <div className="inbox-item-title">
                  {!n.readAt && <Badge status="processing" />}
                  <Tag color={KIND_COLOURS[n.kind] ?? 'default'}>{NOTIFICATION_KIND_LABELS[n.kind]?.[lang] ?? n.kind}</Tag>
                  <span>{n.title}</span>
                </div>
                {n.body && <div className="inbox-item-body">{n.body}</div>}
                <div className="inbox-item-time">{fmtDateTime(n.createdAt, lang)}</div>
              </button>
              {!n.readAt && (
                <Button size="small" type="text" onClick={() => void markRead(n)} title={t('inbox.markRead')}>
                  {t('inbox.markRead')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {list.total > list.data.length && <Typography.Text type="secondary">{t('inbox.more', { n: list.total - list.data.length })}</Typography.Text>}
    </div>
  );

  return (
    <Popover open={open} onOpenChange={setOpen} trigger="click" placement="bottomRight" title={t('inbox.title')} content={content} arrow={false}>
      <Badge count={unread} size="small" overflowCount={99}>
        <Button type="text" shape="circle" icon={<BellOutlined style={{ fontSize: 18 }} />} aria-label={t('inbox.title')} data-testid="notification-bell" />
      </Badge>
    </Popover>
  );
}
