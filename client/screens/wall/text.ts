import { messages } from '../../features/i18n/i18n';

export const wallText = messages({
  vi: {
    pageTitle: 'Màn hình điều hành',
    centre: 'Trung tâm Giám sát, điều hành',
    loading: 'Đang tải màn hình điều hành…',
    loadFailed: 'Chưa tải được dữ liệu từ máy chủ; tự thử lại sau ít giây',
    noPlaylist: 'Cấu hình màn hình không có danh sách nào để hiển thị.',
    ranking: 'Xếp hạng huyện, thị xã, thành phố',
    districtsWithout: 'huyện không có trạm đo',
    reconnecting: 'đang tự động kết nối lại',
    step: 'Bước',
    ignoredParams: 'Bỏ qua tham số không hợp lệ',
  },
  en: {
    pageTitle: 'Operations wall',
    centre: 'Operations centre',
    loading: 'Loading the operations wall…',
    loadFailed: 'Could not load data from the server yet; retrying in a few seconds',
    noPlaylist: 'The wall configuration has no playlist to show.',
    ranking: 'District ranking',
    districtsWithout: 'districts without a station',
    reconnecting: 'reconnecting automatically',
    step: 'Step',
    ignoredParams: 'Ignored invalid parameters',
  },
});
