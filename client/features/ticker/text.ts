import { messages } from '../i18n/i18n';

export const tickerText = messages({
  vi: {
    title: 'Cập nhật trực tiếp',
    empty: 'Chưa có cập nhật nào từ khi màn hình được mở.',
  },
  en: {
    title: 'Live updates',
    empty: 'No updates since this screen was opened.',
  },
});
