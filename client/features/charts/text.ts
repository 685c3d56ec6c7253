import { messages } from '../i18n/i18n';

export const chartText = messages({
  vi: {
    province: 'Toàn tỉnh',
    last24h: '24 giờ qua',
    last30d: '30 ngày qua',
    last24m: '24 tháng qua',
    last8y: '8 năm qua',
    noHistory: 'Chưa có số liệu trong khoảng thời gian này',
    loading: 'Đang tải…',
  },
  en: {
    province: 'Province',
    last24h: 'last 24 hours',
    last30d: 'last 30 days',
    last24m: 'last 24 months',
    last8y: 'last 8 years',
    noHistory: 'No figures in this period yet',
    loading: 'Loading…',
  },
});
