import { messages } from '../i18n/i18n';

export const kpiText = messages({
  vi: {
    red: 'Báo động',
    amber: 'Cảnh báo',
    green: 'Đạt',
    grey: 'Quá hạn',
    none: '',
    noData: 'Chưa có số liệu',
    vsPrevious: 'so với',
    unchanged: 'Không đổi so với',
    noPrevious: 'Chưa có kỳ trước để so sánh',
    periodOf: 'Kỳ',
  },
  en: {
    red: 'Alert',
    amber: 'Warning',
    green: 'On target',
    grey: 'Overdue',
    none: '',
    noData: 'No data yet',
    vsPrevious: 'vs',
    unchanged: 'Unchanged vs',
    noPrevious: 'No previous period to compare',
    periodOf: 'Period',
  },
});
