import { Input, Space } from 'antd';
import { useI18n } from '../i18n';

/**
 * Two date inputs bound to a pair of address-bar filters (`<key>From`, `<key>To` or any two keys),
 * as dashboard links set them. `label` names the date (收到日期 …); each input is labelled 起 / 止.
 */
export default function UrlDateRange(props: { label: string; fromKey: string; toKey: string; get: (key: string) => string; setParam: (key: string, value: string) => void; testId?: string }) {
  const { t } = useI18n();
  const { label, fromKey, toKey, get, setParam, testId } = props;
  const from = t('common.dateFrom', { label });
  const to = t('common.dateTo', { label });
  return (
    <Space size={4} data-testid={testId}>
      <Input type="date" value={get(fromKey)} onChange={(e) => setParam(fromKey, e.target.value)} style={{ width: 150 }} aria-label={from} title={from} data-testid={testId && `${testId}-from`} />
      <span>–</span>
      <Input type="date" value={get(toKey)} onChange={(e) => setParam(toKey, e.target.value)} style={{ width: 150 }} aria-label={to} title={to} data-testid={testId && `${testId}-to`} />
    </Space>
  );
}
