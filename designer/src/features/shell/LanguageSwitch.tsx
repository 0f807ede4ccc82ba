import { Select } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { languages, rememberLanguage, type Language } from '../../app/i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Select
      aria-label={t('shell.language')}
      data-testid="language-switch"
      value={i18n.language as Language}
      onChange={(value: Language) => rememberLanguage(value)}
      prefix={<GlobalOutlined />}
      variant="borderless"
      popupMatchSelectWidth={false}
      options={languages.map((language) => ({ value: language, label: t(`languages.${language}`) }))}
    />
  );
}
