import { useEffect, useMemo } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Outlet, RouterProvider, useLocation, useNavigate } from 'react-router';
import { onUnauthorized, UnauthorizedError } from '../api/client';
import { RequireAuth } from '../features/auth/RequireAuth';
import { RequireRole } from '../features/auth/RequireRole';
import { SignInPage } from '../features/auth/SignInPage';
import { meKey, meQuery } from '../features/auth/session';
import { definitionQuery, descriptorsQuery } from '../features/designer/api';
import { taskQuery } from '../features/tasks/api';
import { caseQuery } from '../features/cases/api';
import { AppLayout } from '../features/shell/AppLayout';
import { HomeRedirect } from '../features/shell/HomeRedirect';
import { navItems } from '../features/shell/nav';
import { NotFoundPage } from '../features/shell/NotFoundPage';
import './i18n';

const designerRoles = navItems.find((item) => item.key === 'designer')!.roles;
const inboxRoles = navItems.find((item) => item.key === 'inbox')!.roles;
const caseRoles = navItems.find((item) => item.key === 'cases')!.roles;
const runRoles = navItems.find((item) => item.key === 'runs')!.roles;
const emergencyRoles = navItems.find((item) => item.key === 'emergencies')!.roles;
const dashboardRoles = navItems.find((item) => item.key === 'dashboard')!.roles;

const queryClient = new QueryClient({
  queryCache: new QueryCache(),
  defaultOptions: {
    queries: {
      retry: (count, error) => !(error instanceof UnauthorizedError) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

/** A 401 from any call ends the session here too: back to sign-in, then to the page the user was on. */
function SessionWatch() {
  const navigate = useNavigate();
  const location = useLocation();
  useEffect(
    () =>
      onUnauthorized(() => {
        queryClient.setQueryData(meKey, null);
        if (!location.pathname.startsWith('/sign-in')) {
          const from = `${location.pathname}${location.search}${location.hash}`;
          navigate(`/sign-in?from=${encodeURIComponent(from)}`, { replace: true });
        }
      }),
    [navigate, location],
  );
  return <Outlet />;
}

const router = createBrowserRouter([
  {
    element: <SessionWatch />,
    children: [
      { path: '/sign-in', element: <SignInPage /> },
      {
        // Loaders run while a page's code loads: the session and the page's data are asked for at once, not one after the other.
        loader: () => {
          void queryClient.prefetchQuery(meQuery);
          return null;
        },
        element: (
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        ),
        children: [
          { index: true, element: <HomeRedirect /> },
          // Pages load on first visit (the designer brings the canvas and the code editor): the sign-in page stays small.
          {
            path: 'definitions',
            lazy: async () => {
              const { DefinitionsPage } = await import('../features/definitions/DefinitionsPage');
              return { element: <RequireRole roles={designerRoles}><DefinitionsPage /></RequireRole> };
            },
          },
          {
            path: 'definitions/:definitionId',
            loader: ({ params }) => {
              if (params.definitionId && params.definitionId !== 'new') void queryClient.prefetchQuery(definitionQuery(params.definitionId));
              void queryClient.prefetchQuery(descriptorsQuery);
              return null;
            },
            lazy: async () => {
              const { DesignerPage } = await import('../features/designer/DesignerPage');
              return { element: <RequireRole roles={designerRoles}><DesignerPage /></RequireRole> };
            },
          },
          {
            path: 'inbox',
            lazy: async () => {
              const { InboxPage } = await import('../features/tasks/InboxPage');
              return { element: <RequireRole roles={inboxRoles}><InboxPage /></RequireRole> };
            },
          },
          {
            path: 'tasks/:taskId',
            loader: ({ params }) => {
              if (params.taskId) void queryClient.prefetchQuery(taskQuery(params.taskId));
              return null;
            },
            lazy: async () => {
              const { TaskPage } = await import('../features/tasks/TaskPage');
              return { element: <RequireRole roles={inboxRoles}><TaskPage /></RequireRole> };
            },
          },
          {
            path: 'cases',
            lazy: async () => {
              const { CasesPage } = await import('../features/cases/CasesPage');
              return { element: <RequireRole roles={caseRoles}><CasesPage /></RequireRole> };
            },
          },
          {
            path: 'cases/:caseId',
            loader: ({ params }) => {
              if (params.caseId) void queryClient.prefetchQuery(caseQuery(params.caseId));
              return null;
            },
            lazy: async () => {
              const { CasePage } = await import('../features/cases/CasePage');
              return { element: <RequireRole roles={caseRoles}><CasePage /></RequireRole> };
            },
          },
          {
            path: 'runs',
            lazy: async () => {
              const { RunHistoryPage } = await import('../features/history/RunHistoryPage');
              return { element: <RequireRole roles={runRoles}><RunHistoryPage /></RequireRole> };
            },
          },
          {
            path: 'runs/heatmap',
            lazy: async () => {
              const { HeatmapPage } = await import('../features/heatmap/HeatmapPage');
              return { element: <RequireRole roles={runRoles}><HeatmapPage /></RequireRole> };
            },
          },
          {
            path: 'runs/:instanceId',
            lazy: async () => {
              const { InstancePage } = await import('../features/history/InstancePage');
              return { element: <RequireRole roles={runRoles}><InstancePage /></RequireRole> };
            },
          },
          {
            path: 'emergencies',
            lazy: async () => {
              const { EmergencyBoardPage } = await import('../features/emergencies/EmergencyBoardPage');
              return { element: <RequireRole roles={emergencyRoles}><EmergencyBoardPage /></RequireRole> };
            },
          },
          {
            path: 'emergencies/:emergencyId',
            lazy: async () => {
              const { EmergencyPage } = await import('../features/emergencies/EmergencyPage');
              return { element: <RequireRole roles={emergencyRoles}><EmergencyPage /></RequireRole> };
            },
          },
          {
            path: 'dashboard',
            lazy: async () => {
              const { DashboardPage } = await import('../features/dashboard/DashboardPage');
              return { element: <RequireRole roles={dashboardRoles}><DashboardPage /></RequireRole> };
            },
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

export function App() {
  const { i18n } = useTranslation();
  const zh = i18n.language === 'zh-CN';
  useEffect(() => {
    dayjs.locale(zh ? 'zh-cn' : 'en');
  }, [zh]);
  // Zero runtime: antd's components take their styles from its prebuilt stylesheet (imported in main.tsx) instead of
  // generating them in the browser, which cost about a third of opening a page; the tokens below still apply as CSS variables.
  const theme = useMemo(() => ({ zeroRuntime: true, token: { colorPrimary: '#1668dc', borderRadius: 6 } }), []);
  return (
    <ConfigProvider locale={zh ? zhCN : enUS} theme={theme}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
