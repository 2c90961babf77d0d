import { BellOutlined, MenuOutlined } from '@ant-design/icons';
import { Badge, Breadcrumb, Button, ConfigProvider, Drawer, Grid, Layout, Menu, Space, Tag, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ComponentType } from 'react';
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { answer, client, setToken, whenSignedOut } from './api';
import { AuthContext, homeOf, type Principal, type Role, ROLE_NAMES, type SignedIn, useAuth } from './auth';
import { type Lang, LangContext, TEXT, type TextKey, useT } from './i18n';
import { PageLoading } from './pages/PageLoading';
import { PublicHome } from './pages/PublicHome';
import { SignIn } from './pages/SignIn';
import { ConfirmEmail, ForgotPassword, SetPassword, SsoLanding } from './pages/accounts/Links';
import { Register } from './pages/accounts/Register';
import { UnreadContext } from './pages/workbench/unread';
import { GlobalSearch } from './pages/GlobalSearch';

/**
 * The default theme with darker blues and greys, so every text meets WCAG AA contrast (4.5:1) on its background:
 * antd's #1677ff links and its 45 % greys (descriptions, empty states, waiting steps) do not.
 */
const THEME = {
  token: {
    colorPrimary: '#0958d9',
    colorLink: '#0958d9',
    // Hovered and pressed links and buttons darken rather than lighten, so their text keeps 4.5:1 under the pointer.
    colorPrimaryHover: '#003eb3',
    colorLinkHover: '#003eb3',
    colorPrimaryActive: '#002c8c',
    colorLinkActive: '#002c8c',
    colorInfo: '#0958d9',
    colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.65)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextQuaternary: 'rgba(0, 0, 0, 0.6)',
    colorError: '#cf1322',
  },
};

/** Whether the person asked their system for less motion (WCAG 2.3.3): menus, drawers and tabs then change without animating. */
const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';
const subscribeReducedMotion = (changed: () => void) => {
  const query = window.matchMedia(REDUCED_MOTION);
  query.addEventListener('change', changed);
  return () => query.removeEventListener('change', changed);
};
const useReducedMotion = () => useSyncExternalStore(subscribeReducedMotion, () => window.matchMedia(REDUCED_MOTION).matches);

/** A screen's code is fetched when it is first opened (one chunk per screen), not with the landing page. */
const page = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) => lazy(async () => ({ default: (await load())[name] }));

/**
 * The screens each role sees in its menu (the public home is everyone's). A role's screen opened by anyone else
 * goes to sign-in; the services refuse them anyway.
 */
const SCREENS: Array<{ path: string; label: TextKey; roles: Role[]; Screen: ComponentType }> = [
  { path: '/workbench', label: 'workbench', roles: ['applicant', 'staff', 'bureau', 'expert', 'auditor', 'operator'], Screen: page(() => import('./pages/workbench/Workbench'), 'Workbench') },
  { path: '/my/apply', label: 'apply', roles: ['applicant'], Screen: page(() => import('./pages/applicant/ApplyWizard'), 'ApplyWizard') },
  { path: '/my/applications', label: 'myApplications', roles: ['applicant'], Screen: page(() => import('./pages/Applications'), 'MyApplications') },
  { path: '/my/platform', label: 'myPlatform', roles: ['applicant'], Screen: page(() => import('./pages/applicant/MyPlatform'), 'MyPlatform') },
  { path: '/pipeline', label: 'pipeline', roles: ['staff', 'bureau', 'auditor'], Screen: page(() => import('./pages/Applications'), 'Pipeline') },
  { path: '/calls', label: 'calls', roles: ['staff', 'bureau', 'auditor'], Screen: page(() => import('./pages/Calls'), 'Calls') },
  { path: '/notices', label: 'noticesAndObjections', roles: ['staff', 'bureau', 'auditor'], Screen: page(() => import('./pages/StaffNotices'), 'StaffNotices') },
  { path: '/platforms', label: 'platformsAdmin', roles: ['staff', 'bureau', 'auditor'], Screen: page(() => import('./pages/platforms/PlatformsAdmin'), 'PlatformsAdmin') },
  { path: '/evaluation', label: 'evaluation', roles: ['staff', 'bureau', 'auditor'], Screen: page(() => import('./pages/platforms/Evaluation'), 'Evaluation') },
  { path: '/expert/assignments', label: 'assignments', roles: ['expert'], Screen: page(() => import('./pages/expert/Assignments'), 'Assignments') },
  { path: '/expert/evaluation', label: 'evaluationTasks', roles: ['expert'], Screen: page(() => import('./pages/expert/EvaluationTasks'), 'EvaluationTasks') },
  { path: '/operations', label: 'operations', roles: ['operator', 'bureau'], Screen: page(() => import('./pages/operations/Operations'), 'Operations') },
  { path: '/audit', label: 'auditTrail', roles: ['auditor', 'bureau'], Screen: page(() => import('./pages/audit/AuditTrail'), 'AuditTrail') },
  { path: '/registrations', label: 'accRegistrations', roles: ['staff', 'auditor'], Screen: page(() => import('./pages/accounts/Registrations'), 'Registrations') },
  { path: '/admin/accounts', label: 'accAccounts', roles: ['admin'], Screen: page(() => import('./pages/accounts/AdminAccounts'), 'AdminAccounts') },
  { path: '/messages', label: 'messages', roles: ['applicant', 'staff', 'bureau', 'expert', 'auditor', 'operator', 'admin'], Screen: page(() => import('./pages/workbench/Messages'), 'Messages') },
  { path: '/account', label: 'accMyAccount', roles: ['applicant', 'staff', 'bureau', 'expert', 'auditor', 'operator', 'admin'], Screen: page(() => import('./pages/accounts/MyAccount'), 'MyAccount') },
];

/** The unread count of the message centre, asked again every minute, on every page change and after marking. */
function useUnreadCount(signedIn: boolean, path: string): { count: number; refresh: () => void } {
  const [count, setCount] = useState(0);
  const refresh = useCallback(() => {
    if (!signedIn) return setCount(0);
    void answer(client.GET('/svc/notifications/api/notifications/unread')).then((r) => setCount(r.count), () => undefined);
  }, [signedIn]);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, 60_000);
    return () => clearInterval(timer);
  }, [refresh, path]);
  return useMemo(() => ({ count, refresh }), [count, refresh]);
}

function Shell() {
  const t = useT();
  const { lang, setLang } = useContext(LangContext);
  const { principal, signOut } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  // A token that can only enrol a second factor shows only "my account", where the enrolment is.
  const visible = [
    { path: '/', label: 'home' as TextKey },
    ...SCREENS.filter((s) => principal && s.roles.includes(principal.role) && (!principal.mustEnrolTotp || s.path === '/account')),
  ];
  const here = SCREENS.find((x) => x.path === location.pathname);
  const screens = Grid.useBreakpoint();
  // Below 992 px (tablets and phones) the signed-in menu opens from a button as a drawer: nothing floats over the page.
  const narrow = screens.lg === false;
  const phone = screens.sm === false;
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [location.pathname]);
  const unread = useUnreadCount(!!principal && !principal.mustEnrolTotp, location.pathname);
  const menu = (
    <Menu
      theme="dark"
      mode={principal ? 'inline' : 'horizontal'}
      selectedKeys={[location.pathname]}
      style={principal ? undefined : { flex: 1, minWidth: 0 }}
      data-testid="menu"
      items={visible.map((s) => ({ key: s.path, label: <Link to={s.path}>{t(s.label)}</Link> }))}
    />
  );
  return (
    <UnreadContext.Provider value={unread}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: phone ? 8 : 24, padding: phone ? '0 8px' : '0 24px', overflow: 'hidden' }}>
          {principal && narrow && (
            <Button type="text" icon={<MenuOutlined style={{ color: '#fff' }} />} aria-label={t('openMenu')} onClick={() => setMenuOpen(true)} data-testid="menu-button" />
          )}
          <Typography.Title level={4} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', minWidth: 0, flexShrink: 1, fontSize: phone ? 15 : undefined }}>
            <Link to={principal ? homeOf(principal) : '/'} style={{ color: '#fff' }}>{phone ? t('appTitleShort') : t('appTitle')}</Link>
          </Typography.Title>
          {principal ? <div style={{ flex: 1 }} /> : menu}
          {/* Oversight roles find a credit code or an application from any screen (desktop and tablet widths). */}
          {principal && !phone && ['staff', 'bureau', 'auditor'].includes(principal.role) && <div style={{ width: 320, flexShrink: 1, minWidth: 160, overflow: 'hidden' }}><GlobalSearch /></div>}
          <Space size={phone ? 4 : 8} style={{ flexShrink: 0 }}>
            {principal && !principal.mustEnrolTotp && (
              <Link to="/messages" aria-label={`${t('messages')}：${unread.count} ${t('unreadCount')}`} data-testid="message-badge">
                <Badge count={unread.count} size="small" overflowCount={99}>
                  <BellOutlined style={{ color: '#fff', fontSize: 18 }} />
                </Badge>
              </Link>
            )}
            <Button size="small" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="lang-toggle">{t('switchLang')}</Button>
            {principal ? (
              <>
                <Tag color="blue" data-testid="who" style={{ maxWidth: phone ? 96 : 240, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', marginInlineEnd: 0 }} title={`${principal.displayName} · ${ROLE_NAMES[principal.role][lang]}`}>
                  {phone ? principal.displayName : `${principal.displayName} · ${ROLE_NAMES[principal.role][lang]}`}
                </Tag>
                <Button size="small" onClick={() => { signOut(); void navigate('/'); }} data-testid="sign-out">{t('signOut')}</Button>
              </>
            ) : (
              <Button size="small" type="primary" onClick={() => void navigate('/sign-in')} data-testid="go-sign-in">{t('signIn')}</Button>
            )}
          </Space>
        </Layout.Header>
        <Layout>
          {/* Signed in, a role's screens are listed down the side (a drawer on narrow screens): never an overflow menu. */}
          {principal && !narrow && (
            <Layout.Sider width={200} data-testid="sider">
              {menu}
            </Layout.Sider>
          )}
          {principal && narrow && (
            <Drawer open={menuOpen} onClose={() => setMenuOpen(false)} placement="left" width={240} title={t('appTitleShort')} styles={{ body: { padding: 0, background: '#001529' } }} data-testid="menu-drawer">
              {menu}
            </Drawer>
          )}
          <Layout style={{ minWidth: 0 }}>
            <Layout.Content style={{ padding: phone ? 12 : 24, maxWidth: 1200, width: '100%', margin: '0 auto', minWidth: 0 }}>
              {/* Where one is: the workbench, then the screen (a drawer's item is titled in the drawer). */}
              {principal && here && here.path !== homeOf(principal) && (
                <Breadcrumb style={{ marginBottom: 12 }} data-testid="breadcrumbs" items={[{ title: <Link to={homeOf(principal)}>{t(principal.role === 'admin' ? 'accAccounts' : 'workbench')}</Link> }, { title: t(here.label) }]} />
              )}
              <Routes>
                <Route path="/" element={<PublicHome />} />
                <Route path="/sign-in" element={<SignIn />} />
                <Route path="/register" element={<Register />} />
                <Route path="/account/forgot" element={<ForgotPassword />} />
                <Route path="/account/password" element={<SetPassword />} />
                <Route path="/account/confirm" element={<ConfirmEmail />} />
                <Route path="/account/oidc" element={<SsoLanding />} />
                {SCREENS.map(({ path, roles, Screen }) => (
                  <Route key={path} path={path} element={principal && roles.includes(principal.role) ? <Suspense fallback={<PageLoading />}><Screen /></Suspense> : <Navigate to="/sign-in" />} />
                ))}
                <Route path="*" element={<Navigate to="/" />} />
              </Routes>
            </Layout.Content>
            <Layout.Footer style={{ textAlign: 'center', padding: phone ? '12px 8px' : undefined }}>{t('appTitle')} · {t('appSubtitle')}</Layout.Footer>
          </Layout>
        </Layout>
      </Layout>
    </UnreadContext.Provider>
  );
}

export function App() {
  const [lang, setLangRaw] = useState<Lang>(() => (localStorage.getItem('sme.lang') === 'en' ? 'en' : 'zh'));
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem('sme.lang', l);
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
    setLangRaw(l);
  }, []);

  const [principal, setPrincipal] = useState<Principal | null>(() => {
    const raw = sessionStorage.getItem('sme.principal');
    return raw ? (JSON.parse(raw) as Principal) : null;
  });
  const forget = useCallback(() => {
    setToken(null);
    sessionStorage.removeItem('sme.principal');
    setPrincipal(null);
  }, []);
  // A token a service no longer honours (signed out elsewhere, account changed): the screens go back to signed out.
  useEffect(() => whenSignedOut(forget), [forget]);
  const auth = useMemo(() => {
    const adopt = (res: SignedIn) => {
      setToken(res.accessToken);
      sessionStorage.setItem('sme.principal', JSON.stringify(res.principal));
      setPrincipal(res.principal);
    };
    return {
      principal,
      adopt,
      signIn: async (username: string, password: string, totp?: string) => {
        const res = await answer(client.POST('/svc/applications/api/auth/sign-in', { body: { username, password, ...(totp ? { totp } : {}) } }));
        adopt(res);
        return res.principal;
      },
      signOut: () => {
        // Ends the session on the server too, so the token stops working everywhere; the screens forget it at once.
        void answer(client.POST('/svc/applications/api/auth/sign-out')).catch(() => undefined).finally(forget);
        sessionStorage.removeItem('sme.principal');
        setPrincipal(null);
      },
    };
  }, [principal, forget]);
  const reducedMotion = useReducedMotion();
  const theme = useMemo(() => (reducedMotion ? { ...THEME, token: { ...THEME.token, motion: false } } : THEME), [reducedMotion]);
  document.title = TEXT.appTitle[lang];
  return (
    <LangContext.Provider value={{ lang, setLang }}>
      <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={theme}>
        <AuthContext.Provider value={auth}>
          <BrowserRouter>
            <Shell />
          </BrowserRouter>
        </AuthContext.Provider>
      </ConfigProvider>
    </LangContext.Provider>
  );
}
