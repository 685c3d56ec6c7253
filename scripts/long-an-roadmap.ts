/**
 * The Long An 2022 digital-transformation roadmap for the demo pack: the lines of the province's 2022 plan
 * (shared database, open-data portal, monitoring centre, digital economy and e-commerce, digital
 * platforms, training of technical staff, publication compliance of websites) as tasks of the units that
 * answer for them, with status and progress notes as they stood at the end of 2022. Illustrative: the
 * tasks follow the plan's themes, the dates and notes are the project's own.
 */
import type { z } from 'zod';
import type { RoadmapTask, Roadmap } from '../shared/plan';

type Task = z.input<typeof RoadmapTask>;
const T = (vi: string, en: string) => ({ vi, en });

const tasks: Task[] = [
  // --- Shared databases ------------------------------------------------------------------------------
  {
    id: 'csdl-dung-chung',
    title: T('Xây dựng kho cơ sở dữ liệu dùng chung của tỉnh', "Build the province's shared database"),
    theme: 'shared-data', unit: 'so-tttt', due: '2022-09-30', status: 'done',
    indicators: ['cloud_systems_pct', 'digitised_dossiers_pct'],
    notes: [
      { at: '2022-03-15', text: 'Đã phê duyệt danh mục 12 nhóm cơ sở dữ liệu dùng chung.' },
      { at: '2022-09-28', text: 'Đưa vào vận hành; 8/12 nhóm dữ liệu đã đồng bộ, 4 nhóm chuyển sang năm 2023.' },
    ],
  },
  {
    id: 'csdl-dat-dai',
    title: T('Số hóa, cập nhật cơ sở dữ liệu đất đai cấp huyện', 'Digitise and update the district land-records database'),
    theme: 'shared-data', unit: 'so-tn-mt', due: '2022-12-31', status: 'in-progress',
    indicators: ['digitised_dossiers_pct'],
    notes: [
      { at: '2022-07-20', text: 'Hoàn thành 4/15 huyện (Tân An, Bến Lức, Đức Hòa, Cần Giuộc).' },
      { at: '2022-12-20', text: 'Hoàn thành 6/15 huyện; thiếu kinh phí đo đạc bổ sung cho các huyện vùng Đồng Tháp Mười.' },
    ],
  },
  {
    id: 'ket-noi-csdl-dan-cu',
    title: T('Kết nối cơ sở dữ liệu quốc gia về dân cư với hệ thống một cửa điện tử', 'Connect the national population database to the one-stop-shop system'),
    theme: 'shared-data', unit: 'cong-an', due: '2022-08-31', status: 'done',
    indicators: ['vneid_level2_pct', 'online_filing_pct'],
    notes: [{ at: '2022-08-25', text: 'Đã kết nối; hồ sơ không phải nộp lại giấy tờ công dân đã có trong cơ sở dữ liệu.' }],
  },
  // --- Open-data portal -----------------------------------------------------------------------------------
  {
    id: 'danh-muc-du-lieu-mo',
    title: T('Ban hành danh mục dữ liệu mở và kế hoạch công bố năm 2022', 'Adopt the open-data catalogue and the 2022 release plan'),
    theme: 'open-data', unit: 'vp-ubnd', due: '2022-05-31', status: 'done',
    notes: [{ at: '2022-05-26', text: 'UBND tỉnh đã ban hành danh mục 45 bộ dữ liệu mở.' }],
  },
  {
    id: 'cong-du-lieu-mo',
    title: T('Đưa Cổng dữ liệu mở của tỉnh vào hoạt động', "Launch the province's open-data portal"),
    theme: 'open-data', unit: 'so-tttt', due: '2022-10-31', status: 'done',
    notes: [{ at: '2022-10-27', text: 'Cổng đã hoạt động, công bố 31/45 bộ dữ liệu theo danh mục.' }],
  },
  {
    id: 'du-lieu-mo-doanh-nghiep',
    title: T('Công bố dữ liệu mở về doanh nghiệp và đầu tư', 'Publish open data on businesses and investment'),
    theme: 'open-data', unit: 'so-kh-dt', due: '2022-12-15', status: 'blocked',
    indicators: ['online_business_registration_pct'],
    notes: [{ at: '2022-11-30', text: 'Chờ hướng dẫn chuẩn dữ liệu của Bộ Kế hoạch và Đầu tư trước khi công bố.' }],
  },
  // --- Intelligent operations centre --------------------------------------------------------------------------
  {
    id: 'ioc-giai-doan-1',
    title: T('Đưa Trung tâm giám sát, điều hành thông minh (IOC) giai đoạn 1 vào vận hành', 'Bring the intelligent operations centre (IOC), phase 1, into service'),
    theme: 'ioc', unit: 'so-tttt', due: '2022-08-31', status: 'done',
    indicators: ['dossiers_on_time_pct', 'overdue_open_dossiers'],
    notes: [
      { at: '2022-06-15', text: 'Lắp đặt xong màn hình và hạ tầng tại trụ sở Sở Thông tin và Truyền thông.' },
      { at: '2022-08-30', text: 'Vận hành 6 phân hệ: dịch vụ công, phản ánh hiện trường, môi trường, giáo dục, y tế, kinh tế - xã hội.' },
    ],
  },
  {
    id: 'ioc-quan-trac-man',
    title: T('Tích hợp dữ liệu quan trắc độ mặn tự động vào IOC', 'Feed automatic salinity monitoring into the IOC'),
    theme: 'ioc', unit: 'so-nn-ptnt', due: '2022-11-30', status: 'done',
    indicators: ['salinity', 'water_level'],
    notes: [{ at: '2022-11-18', text: 'Đã kết nối 6 trạm trên sông Vàm Cỏ Đông, Vàm Cỏ Tây và Vàm Cỏ; cảnh báo tại ngưỡng 1 g/L và 4 g/L.' }],
  },
  {
    id: 'ioc-khong-khi',
    title: T('Kết nối trạm quan trắc không khí tự động tại các khu công nghiệp', 'Connect the automatic air-quality stations at the industrial parks'),
    theme: 'ioc', unit: 'so-tn-mt', due: '2022-10-31', status: 'done',
    indicators: ['pm25', 'aqi'],
    notes: [{ at: '2022-10-20', text: 'Trạm KCN Đức Hòa và KCN Long Hậu đã truyền số liệu giờ về IOC.' }],
  },
  {
    id: 'ioc-camera',
    title: T('Kết nối camera giám sát an ninh, trật tự của 15 huyện về IOC', 'Connect public-order cameras in the 15 districts to the IOC'),
    theme: 'ioc', unit: 'cong-an', due: '2022-12-31', status: 'in-progress',
    notes: [{ at: '2022-12-15', text: 'Đã kết nối 9/15 huyện; 6 huyện chờ nâng cấp đường truyền.' }],
  },
  // --- Digital economy and e-commerce ----------------------------------------------------------------------------
  {
    id: 'tmdt-nong-san',
    title: T('Đưa nông sản chủ lực (thanh long, lúa gạo, chanh không hạt) lên sàn thương mại điện tử', 'Put key farm products (dragon fruit, rice, seedless lime) on e-commerce platforms'),
    theme: 'digital-economy', unit: 'so-cong-thuong', due: '2022-12-31', status: 'done',
    indicators: ['ecommerce_businesses'],
    notes: [{ at: '2022-12-10', text: '126 hợp tác xã và doanh nghiệp có gian hàng trên Voso, Postmart và Sendo Farm.' }],
  },
  {
    id: 'tap-huan-tmdt',
    title: T('Tập huấn kỹ năng thương mại điện tử cho doanh nghiệp nhỏ và hộ kinh doanh', 'E-commerce skills training for small businesses and household traders'),
    theme: 'digital-economy', unit: 'so-cong-thuong', due: '2022-09-30', status: 'done',
    indicators: ['ecommerce_businesses'],
    notes: [{ at: '2022-09-22', text: 'Tổ chức 8 lớp tại các huyện, 640 học viên.' }],
  },
  {
    id: 'thanh-toan-khong-tien-mat',
    title: T('Đẩy mạnh thanh toán trực tuyến phí, lệ phí dịch vụ công', 'Promote online payment of public-service fees'),
    theme: 'digital-economy', unit: 'vp-ubnd', due: '2022-12-31', status: 'in-progress',
    indicators: ['online_payment_pct'],
    notes: [{ at: '2022-10-05', text: 'Đã tích hợp cổng thanh toán quốc gia cho 100% thủ tục có phí; tỷ lệ sử dụng ở các huyện vùng sâu còn thấp.' }],
  },
  {
    id: 'thong-ke-kinh-te-so',
    title: T('Xây dựng bộ chỉ tiêu thống kê kinh tế số cấp tỉnh', 'Define provincial digital-economy statistics'),
    theme: 'digital-economy', unit: 'so-kh-dt', due: '2022-11-30', status: 'not-started',
    indicators: ['digital_economy_grdp_pct'],
    notes: [{ at: '2022-11-30', text: 'Chưa triển khai: chờ phương pháp tính của Tổng cục Thống kê.' }],
  },
  // --- Digital platforms ----------------------------------------------------------------------------------------------
  {
    id: 'lgsp',
    title: T('Nâng cấp nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP)', 'Upgrade the provincial data integration and sharing platform (LGSP)'),
    theme: 'platforms', unit: 'so-tttt', due: '2022-06-30', status: 'done',
    indicators: ['cloud_systems_pct'],
    notes: [{ at: '2022-06-24', text: 'Kết nối với nền tảng quốc gia (NDXP) và 14 hệ thống của các sở, ngành.' }],
  },
  {
    id: 'mot-cua-nd107',
    title: T('Nâng cấp hệ thống thông tin giải quyết thủ tục hành chính theo Nghị định 107/2021/NĐ-CP', 'Upgrade the administrative-procedure system to Decree 107/2021'),
    theme: 'platforms', unit: 'vp-ubnd', due: '2022-07-31', status: 'done',
    indicators: ['online_filing_pct', 'digitised_dossiers_pct', 'dossiers_on_time_pct'],
    notes: [{ at: '2022-07-29', text: 'Hoàn thành; số hóa hồ sơ ngay khi tiếp nhận tại bộ phận một cửa.' }],
  },
  {
    id: 'dvc-toan-trinh',
    title: T('Cung cấp thêm dịch vụ công trực tuyến toàn trình', 'Offer more procedures fully online'),
    theme: 'platforms', unit: 'vp-ubnd', due: '2022-12-31', status: 'in-progress',
    indicators: ['full_online_procedures_pct', 'online_filing_pct'],
    notes: [{ at: '2022-12-28', text: 'Đạt 45% thủ tục toàn trình, chưa đạt mục tiêu 50%; phần còn lại chuyển sang quý 1/2023.' }],
  },
  {
    id: 'van-ban-ky-so',
    title: T('Gửi, nhận văn bản điện tử có ký số ở cả 4 cấp chính quyền', 'Digitally signed documents across all four levels of government'),
    theme: 'platforms', unit: 'vp-ubnd', due: '2022-06-30', status: 'done',
    indicators: ['digital_signature_docs_pct'],
  },
  {
    id: 'ho-so-suc-khoe',
    title: T('Triển khai hồ sơ sức khỏe điện tử tại trạm y tế xã', 'Roll out electronic health records at commune health stations'),
    theme: 'platforms', unit: 'so-y-te', due: '2022-12-31', status: 'blocked',
    indicators: ['ehr_pct'],
    notes: [{ at: '2022-11-15', text: 'Chờ hướng dẫn kết nối với hệ thống của Bộ Y tế; lùi sang năm 2023.' }],
  },
  {
    id: 'so-diem-dien-tu',
    title: T('Triển khai sổ điểm điện tử và học bạ số', 'Digital gradebooks and school records'),
    theme: 'platforms', unit: 'so-gd-dt', due: '2022-09-05', status: 'done',
    indicators: ['digital_gradebook_schools_pct'],
  },
  {
    id: 'vneid-muc-2',
    title: T('Hỗ trợ người dân kích hoạt tài khoản định danh điện tử mức độ 2', 'Help citizens activate level-2 electronic identity accounts'),
    theme: 'platforms', unit: 'cong-an', due: '2022-12-31', status: 'done',
    indicators: ['vneid_level2_pct'],
  },
  {
    id: 'bhyt-vssid',
    title: T('Sử dụng thẻ bảo hiểm y tế trên VssID và căn cước công dân gắn chíp khi khám bệnh', 'Health-insurance card on VssID and chip ID cards at clinics'),
    theme: 'platforms', unit: 'bhxh', due: '2022-10-31', status: 'done',
    indicators: ['health_insurance_pct'],
  },
  {
    id: 'cap-quang-vung-sau',
    title: T('Phủ cáp quang đến các ấp vùng sâu huyện Tân Hưng, Vĩnh Hưng', 'Fibre to remote hamlets in Tan Hung and Vinh Hung'),
    theme: 'platforms', unit: 'so-tttt', due: '2022-12-31', status: 'in-progress',
    indicators: ['fibre_households_pct'],
    notes: [{ at: '2022-12-22', text: 'Doanh nghiệp viễn thông hoàn thành 62% tuyến; phần còn lại chờ mùa khô.' }],
  },
  // --- Training of technical staff -------------------------------------------------------------------------------------------
  {
    id: 'dao-tao-chuyen-trach',
    title: T('Đào tạo chuyên sâu cho cán bộ chuyên trách công nghệ thông tin', 'In-depth training for full-time IT staff'),
    theme: 'skills', unit: 'so-tttt', due: '2022-11-30', status: 'done',
    indicators: ['digital_skills_trained_pct'],
    notes: [{ at: '2022-11-25', text: '3 khóa: an toàn thông tin, quản trị hệ thống, phân tích dữ liệu; 120 lượt cán bộ.' }],
  },
  {
    id: 'ky-nang-so-cap-xa',
    title: T('Bồi dưỡng kỹ năng số cho cán bộ, công chức cấp xã', 'Digital skills for commune civil servants'),
    theme: 'skills', unit: 'so-noi-vu', due: '2022-12-31', status: 'in-progress',
    indicators: ['digital_skills_trained_pct'],
    notes: [{ at: '2022-12-29', text: 'Đã bồi dưỡng 132/188 xã, phường, thị trấn.' }],
  },
  {
    id: 'to-cong-nghe-so',
    title: T('Thành lập và tập huấn tổ công nghệ số cộng đồng ở tất cả ấp, khu phố', 'Set up and train community digital-technology teams in every hamlet'),
    theme: 'skills', unit: 'so-tttt', due: '2022-08-31', status: 'done',
    indicators: ['smartphone_adults_pct', 'vneid_level2_pct'],
  },
  // --- Publication compliance of websites ------------------------------------------------------------------------------------
  {
    id: 'ra-soat-nd42',
    title: T('Rà soát cổng, trang thông tin điện tử theo Nghị định 42/2022/NĐ-CP', 'Review government websites against Decree 42/2022'),
    theme: 'websites', unit: 'so-tttt', due: '2022-12-31', status: 'done',
    indicators: ['website_compliance_pct'],
    notes: [{ at: '2022-12-16', text: 'Rà soát 39 trang; 11 trang còn thiếu thông tin bắt buộc, đã có văn bản nhắc.' }],
  },
  {
    id: 'trang-ttdt-tan-hung',
    title: T('Bổ sung thông tin bắt buộc trên trang thông tin điện tử huyện Tân Hưng', "Complete the required information on Tan Hung District's website"),
    theme: 'websites', unit: 'ubnd-796', due: '2022-11-30', status: 'in-progress',
    indicators: ['website_compliance_pct'],
    notes: [{ at: '2022-12-05', text: 'Còn thiếu mục thống kê giải quyết hồ sơ và lịch tiếp công dân.' }],
  },
  {
    id: 'so-hoa-ton-dong-duc-hoa',
    title: T('Số hóa hồ sơ tồn đọng tại bộ phận một cửa huyện Đức Hòa', "Digitise the backlog at Duc Hoa District's one-stop shop"),
    theme: 'shared-data', unit: 'ubnd-802', due: '2022-10-31', status: 'done',
    indicators: ['digitised_dossiers_pct'],
  },
];

export const longAnRoadmap: z.input<typeof Roadmap> = {
  year: 2022,
  title: T('Kế hoạch chuyển đổi số tỉnh Long An năm 2022', 'Long An digital transformation plan 2022'),
  themes: [
    { key: 'shared-data', name: T('Cơ sở dữ liệu dùng chung', 'Shared databases') },
    { key: 'open-data', name: T('Cổng dữ liệu mở', 'Open-data portal') },
    { key: 'ioc', name: T('Trung tâm giám sát, điều hành thông minh', 'Intelligent operations centre') },
    { key: 'digital-economy', name: T('Kinh tế số và thương mại điện tử', 'Digital economy and e-commerce') },
    { key: 'platforms', name: T('Nền tảng số', 'Digital platforms') },
    { key: 'skills', name: T('Đào tạo nhân lực kỹ thuật', 'Training of technical staff') },
    { key: 'websites', name: T('Công khai thông tin trên cổng, trang thông tin điện tử', 'Publication compliance of websites') },
  ],
  tasks,
};
