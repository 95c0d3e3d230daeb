import { Segmented } from 'antd';
import { useI18n, type Lang } from '../i18n';

export default function LangSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <Segmented<Lang>
      size="small"
      aria-label={t('common.language')}
      value={lang}
      onChange={(v) => setLang(v)}
      options={[
        { label: '中文', value: 'zh' },
        { label: 'EN', value: 'en' },
      ]}
    />
  );
}
