import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../locales/en';
import zhCN from '../locales/zh-CN';
import activitiesZhCN from '../locales/activities.zh-CN.json';
import validationEn from '../locales/validation.en.json';
import validationZhCN from '../locales/validation.zh-CN.json';

/**
 * Activity names, descriptions and input labels by type, keyed as `activities.<Type_Name>` (dots would split the key).
 * English has none: the server's descriptors are English. A server test checks that every activity type has Chinese.
 */
export function activityResources(byType: Record<string, { name: string; description: string; inputs: Record<string, string> }>) {
  return Object.fromEntries(Object.entries(byType).map(([type, text]) => [type.replace(/\./g, '_'), text]));
}

export const languages = ['en', 'zh-CN'] as const;
export type Language = (typeof languages)[number];

const storageKey = 'caseflow.language';

/** The remembered choice, else the browser's preference (any Chinese variant → zh-CN), else English. */
export function initialLanguage(stored: string | null = safeStorage()?.getItem(storageKey) ?? null, preferred: readonly string[] = navigator.languages ?? [navigator.language]): Language {
  if (stored && (languages as readonly string[]).includes(stored)) return stored as Language;
  for (const tag of preferred) {
    if (tag.toLowerCase().startsWith('zh')) return 'zh-CN';
    if (tag.toLowerCase().startsWith('en')) return 'en';
  }
  return 'en';
}

export function rememberLanguage(language: Language): void {
  safeStorage()?.setItem(storageKey, language);
  void i18n.changeLanguage(language);
  document.documentElement.lang = language;
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

void i18n.use(initReactI18next).init({
  resources: {
    en: { translation: { ...en, validation: validationEn } },
    'zh-CN': { translation: { ...zhCN, activities: activityResources(activitiesZhCN), validation: validationZhCN } },
  },
  lng: initialLanguage(),
  fallbackLng: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18n.language;

export default i18n;
