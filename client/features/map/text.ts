import { messages } from '../i18n/i18n';

export const mapText = messages({
  vi: {
    good: 'Đạt',
    warning: 'Cảnh báo',
    alert: 'Báo động',
    higherBetter: 'càng cao càng tốt',
    lowerBetter: 'càng thấp càng tốt',
    overdue: 'Quá hạn báo cáo',
    noData: 'Chưa có số liệu',
    notApplicable: 'Không có trạm đo',
    schematic: 'Ranh giới huyện là sơ đồ minh họa, không phải ranh giới chính thức',
  },
  en: {
    good: 'On target',
    warning: 'Warning',
    alert: 'Alert',
    higherBetter: 'higher is better',
    lowerBetter: 'lower is better',
    overdue: 'Report overdue',
    noData: 'No data yet',
    notApplicable: 'No station',
    schematic: 'District boundaries are schematic, not official boundaries',
  },
});
