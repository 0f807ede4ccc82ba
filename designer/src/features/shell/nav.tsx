import type { ReactNode } from 'react';
import { AlertOutlined, ApartmentOutlined, DashboardOutlined, FileSearchOutlined, HistoryOutlined, InboxOutlined } from '@ant-design/icons';
import { Roles } from '../../api/types';

/**
 * The app's pages in the navigation, each with the roles that may use it (the server checks the same roles on every
 * call). Later screens (inbox, cases, run history, dashboard) are added here and nowhere else.
 */
export interface NavItem {
  key: string;
  path: string;
  labelKey: string;
  icon: ReactNode;
  roles: readonly string[];
}

export const navItems: readonly NavItem[] = [
  { key: 'inbox', path: '/inbox', labelKey: 'nav.inbox', icon: <InboxOutlined />, roles: [Roles.Agent, Roles.Supervisor, Roles.Manager, Roles.Admin] },
  { key: 'cases', path: '/cases', labelKey: 'nav.cases', icon: <FileSearchOutlined />, roles: [Roles.Agent, Roles.Supervisor, Roles.Manager, Roles.Admin] },
  { key: 'emergencies', path: '/emergencies', labelKey: 'nav.emergencies', icon: <AlertOutlined />, roles: [Roles.Agent, Roles.Supervisor, Roles.Manager, Roles.Admin] },
  { key: 'designer', path: '/definitions', labelKey: 'nav.designer', icon: <ApartmentOutlined />, roles: [Roles.ProcessOwner, Roles.Admin] },
  { key: 'dashboard', path: '/dashboard', labelKey: 'nav.dashboard', icon: <DashboardOutlined />, roles: [Roles.Manager, Roles.Supervisor, Roles.Admin] },
  { key: 'runs', path: '/runs', labelKey: 'nav.runHistory', icon: <HistoryOutlined />, roles: [Roles.ProcessOwner, Roles.Manager, Roles.Supervisor, Roles.Admin] },
];

export function itemsFor(roles: readonly string[]): NavItem[] {
  return navItems.filter((item) => item.roles.some((role) => roles.includes(role)));
}
