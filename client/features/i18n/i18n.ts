/**
 * Languages: Vietnamese by default, English with `?lang=en`. Each screen keeps its own small dictionary
 * made with `messages`, so adding a screen never touches another screen's strings.
 */
import type { Localised } from '../../../shared/catalog';

export type Lang = 'vi' | 'en';

export function langFrom(search: string): Lang {
  return new URLSearchParams(search).get('lang') === 'en' ? 'en' : 'vi';
}

/** The page's language; it only changes with a page load, so reading it once is enough. */
export const currentLang = (): Lang => (typeof location === 'undefined' ? 'vi' : langFrom(location.search));

/** A dictionary whose English half must have exactly the Vietnamese keys. */
export function messages<T extends Record<string, string>>(dict: { vi: T; en: { [K in keyof T]: string } }) {
  return (lang: Lang): Readonly<T> => (lang === 'en' ? (dict.en as T) : dict.vi);
}

export const pick = (text: Localised, lang: Lang): string => text[lang];

/** Keeps `?lang=` when linking to another page. */
export function withLang(path: string, lang: Lang): string {
  return lang === 'en' ? `${path}?lang=en` : path;
}

export const commonText = messages({
  vi: {
    loading: 'Đang tải…',
    retry: 'Thử lại',
    loadFailed: 'Không tải được dữ liệu.',
    notFoundTitle: 'Không tìm thấy trang',
    notFoundBody: 'Địa chỉ này không có trong hệ thống.',
    backHome: 'Về trang chính',
    live: 'Trực tuyến',
    connecting: 'Đang kết nối…',
    reconnecting: 'Đang kết nối lại…',
    offline: 'Mất kết nối',
    dataAt: 'dữ liệu lúc',
    noData: 'chưa có dữ liệu',
    notApplicable: 'không áp dụng',
    derivedSource: 'Tổng hợp',
  },
  en: {
    loading: 'Loading…',
    retry: 'Retry',
    loadFailed: 'Could not load the data.',
    notFoundTitle: 'Page not found',
    notFoundBody: 'There is no page at this address.',
    backHome: 'Back to the main page',
    live: 'Live',
    connecting: 'Connecting…',
    reconnecting: 'Reconnecting…',
    offline: 'Disconnected',
    dataAt: 'data as of',
    noData: 'no data yet',
    notApplicable: 'not applicable',
    derivedSource: 'Derived',
  },
});
