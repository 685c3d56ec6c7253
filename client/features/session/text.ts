import { messages } from '../i18n/i18n';

export const sessionText = messages({
  vi: {
    checking: 'Đang kiểm tra phiên đăng nhập…',
    redirecting: 'Bạn chưa đăng nhập. Đang chuyển đến trang đăng nhập…',
    signIn: 'Đăng nhập',
    signOut: 'Đăng xuất',
    signingOut: 'Đang đăng xuất…',
    signedInAs: 'Đăng nhập với tên',
    navLive: 'Số liệu trực tuyến',
    navReport: 'Báo cáo',
    navAdmin: 'Quản trị',
    otherLang: 'English',
    sessionFailed: 'Không kiểm tra được phiên đăng nhập',
    forbiddenTitle: 'Bạn không có quyền xem trang này',
    forbiddenBody: 'Trang này dành cho vai trò: {roles}. Tài khoản của bạn có vai trò {role}.',
    errNetwork: 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.',
    errUnauthenticated: 'Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại.',
    errForbidden: 'Bạn không có quyền thực hiện thao tác này',
    errNotFound: 'Không tìm thấy',
    errTooLarge: 'Dữ liệu gửi lên quá lớn',
    errTooMany: 'Quá nhiều lần thử. Hãy thử lại sau {seconds} giây.',
    errServer: 'Máy chủ đang gặp sự cố, chưa có gì được ghi. Hãy thử lại sau ít phút.',
    errRejected: 'Máy chủ từ chối yêu cầu',
  },
  en: {
    checking: 'Checking your session…',
    redirecting: 'You are not signed in. Taking you to the sign-in page…',
    signIn: 'Sign in',
    signOut: 'Sign out',
    signingOut: 'Signing out…',
    signedInAs: 'Signed in as',
    navLive: 'Live figures',
    navReport: 'Reporting',
    navAdmin: 'Administration',
    otherLang: 'Tiếng Việt',
    sessionFailed: 'Could not check your session',
    forbiddenTitle: 'You may not see this page',
    forbiddenBody: 'This page is for: {roles}. Your account is {role}.',
    errNetwork: 'Could not reach the server. Check the network and try again.',
    errUnauthenticated: 'Your session has expired. Please sign in again.',
    errForbidden: 'You are not allowed to do this',
    errNotFound: 'Not found',
    errTooLarge: 'What was sent is too large',
    errTooMany: 'Too many attempts. Try again in {seconds} seconds.',
    errServer: 'The server has a problem; nothing was written. Try again in a few minutes.',
    errRejected: 'The server refused the request',
  },
});

/** "{seconds}" → 30. */
export const fill = (template: string, values: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? `{${k}}`));
